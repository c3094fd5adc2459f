"""WCAG 2.1 A/AA checks by axe-core (bundled by axe-playwright-python) on the main pages,
in the browser, as an anonymous visitor, a resident and a town administrator."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from tests.e2e.conftest import town_url
from tests.factories import PASSWORD, UserFactory

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

ANONYMOUS_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/register/",
    "/accounts/password/reset/",
    "/directory/",
    "/directory/?q=Chor",
    "/exchange/",
    "/info/",
    "/fund/",
    "/imprint/",
    "/privacy/",
    "/accessibility/",
    "/help/",
    "/easy-language/",
    "/no-such-page/",
]
ADMIN_PAGES = [
    "/me/",
    "/town/",
    "/accounts/profile/",
    "/manage/",
    "/manage/branding/",
    "/manage/pages/",
    "/accounts/my-data/",
    "/accounts/delete/",
    "/manage/modules/",
    "/manage/residency/",
    "/manage/users/",
    "/manage/invitations/",
    "/exchange/new/",
    "/exchange/time/",
    "/exchange/moderation/",
    "/manage/approvals/",
    "/manage/moderation/",
    "/manage/audit/",
    "/info/events/new/",
    "/directory/register/",
    "/info/news/new/",
    "/directory/moderation/",
    "/info/moderation/",
    "/notifications/",
    "/notifications/settings/",
]


def _violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG)
    found = []
    for violation in results.response["violations"]:
        targets = [node["target"] for node in violation["nodes"]][:3]
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    return found


def _log_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_pages_for_visitors_pass_wcag_checks(live_server, page, towns) -> None:
    problems = {}
    for path in ANONYMOUS_PAGES:
        page.goto(town_url(live_server, "alpha", path))
        found = _violations(page)
        if found:
            problems[path] = found
    assert not problems, problems


@pytest.mark.django_db(transaction=True)
def test_pages_for_a_town_administrator_pass_wcag_checks(live_server, page, towns) -> None:
    from modules.exchange.services import report_content
    from portal.accounts.models import Role
    from tests.factories.directory import OrganisationFactory
    from tests.factories.exchange import ListingFactory

    with tenant_context(towns["alpha"]):
        UserFactory(email="chef@alpha.example", roles=[Role.RESIDENT, Role.TOWN_ADMIN])
        # the moderation queue is checked with items in it, not only its empty state
        report_content(reporter=UserFactory(), listing=ListingFactory(), reason="Werbung")
        OrganisationFactory(status="pending")
    _log_in(page, live_server, "chef@alpha.example")
    problems = {}
    for path in ADMIN_PAGES:
        response = page.goto(town_url(live_server, "alpha", path))
        assert response is not None and response.status == 200, path
        found = _violations(page)
        if found:
            problems[path] = found
    assert not problems, problems


def test_the_checker_finds_a_real_violation(browser) -> None:
    # A page with an unlabelled field and an image without text: axe must object.
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<html lang="de"><body><main><img src="data:,"><input type="text"></main></body></html>'
    )
    found = _violations(page)
    context.close()
    assert any(v.startswith("image-alt") for v in found), found
    assert any(v.startswith("label") for v in found), found
