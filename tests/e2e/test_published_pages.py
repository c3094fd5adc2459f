"""A town administrator writes the accessibility statement in the console; the closed
registration page passes the accessibility checks."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import tenant_context

from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory


@pytest.mark.django_db(transaction=True)
def test_an_administrator_edits_the_accessibility_statement(live_server, page, towns) -> None:
    from portal.accounts.models import Role

    with tenant_context(towns["alpha"]):
        UserFactory(email="pages-chef@alpha.example", roles=[Role.RESIDENT, Role.TOWN_ADMIN])
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", "pages-chef@alpha.example")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
    # when the administrator writes the statement's limitations and feedback contact
    page.goto(town_url(live_server, "alpha", "/manage/pages/"))
    page.check("input[name=accessibility_conformity][value=partial]")
    page.fill(
        "textarea[name=accessibility_limitations]", "Die Vereins-PDFs sind nicht barrierefrei."
    )
    page.fill("textarea[name=accessibility_feedback_contact]", "barrieren@alpha.example")
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(town_url(live_server, "alpha", "/manage/pages/"))
    # then the public statement shows them, reached from the footer
    page.goto(town_url(live_server, "alpha", "/"))
    with page.expect_navigation():
        page.click("footer a[href='/accessibility/']")
    text = page.locator("main").inner_text()
    assert "Die Vereins-PDFs sind nicht barrierefrei." in text
    assert "barrieren@alpha.example" in text and "Schlichtungsstelle" in text


@pytest.mark.django_db(transaction=True)
def test_the_closed_registration_page_passes_wcag_checks(live_server, page, towns) -> None:
    from portal.branding.models import Branding

    with tenant_context(towns["alpha"]):
        before = Branding.objects.get().privacy
        Branding.objects.update(privacy="")
    try:
        page.goto(town_url(live_server, "alpha", "/accounts/register/"))
        assert page.locator("input[name=password]").count() == 0
        assert _violations(page) == []
    finally:  # this test commits: give the town its statement back for the tests after it
        with tenant_context(towns["alpha"]):
            Branding.objects.update(privacy=before)
