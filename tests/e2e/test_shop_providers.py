"""The shop's provider pages in the browser: a business presents itself (the form, the
waiting profile) and takes over a profile the network manager set up; axe-core on each."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from modules.shop import services
from modules.shop.models import Provider
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/me/$"))


def test_a_business_presents_itself_and_waits_for_approval(live_server, page, towns):
    # given a provider on the form for a new profile
    with tenant_context(towns["alpha"]):
        UserFactory(email="malerin@alpha.example", roles=[Role.RESIDENT, Role.PROVIDER])
    _log_in(page, live_server, "malerin@alpha.example")
    page.goto(town_url(live_server, "alpha", "/shop/new/"))
    assert _violations(page) == []
    # when she sends it without an e-mail for requests, the summary says so
    page.fill("input[name=name]", "Malerei Bunt")
    page.select_option("select[name=trade]", "craft")
    page.fill("textarea[name=description]", "Wir streichen Wände.")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    assert page.input_value("input[name=name]") == "Malerei Bunt"
    # when she completes it
    page.fill("input[name=request_email]", "anfragen@bunt.example")
    page.fill("input[name=districts]", "Merklingen, Hausen")
    page.click("form.stacked button[type=submit]")
    # then her profile waits for approval
    page.wait_for_url(re.compile(r"/shop/p/malerei-bunt/$"))
    assert "waiting for approval" in page.content()
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        assert Provider.objects.get(slug="malerei-bunt").status == Provider.Status.PENDING


def test_a_business_takes_over_the_profile_the_network_manager_set_up(live_server, page, towns):
    # given a profile set up by the network manager and a hand-over link
    with tenant_context(towns["alpha"]):
        manager = UserFactory(email="nm@alpha.example", roles=[Role.RESIDENT, Role.MODERATOR])
        UserFactory(email="baecker@alpha.example")
        bakery = services.create_provider(
            created_by=manager,
            fields={
                "name": "Bäckerei Frühauf",
                "trade": "food",
                "description": "Frische Brötchen.",
                "request_email": "info@fruehauf.example",
            },
        )
        token = services.make_claim_token(provider=bakery, made_by=manager)
    # when the baker opens it logged in and takes the profile over
    _log_in(page, live_server, "baecker@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/shop/claim/{token}/"))
    assert _violations(page) == []
    page.click("main form button[type=submit]")
    # then the profile is his and he may edit it
    page.wait_for_url(re.compile(r"/shop/p/backerei-fruhauf/$"))
    assert page.locator("a[href$='/edit/']").count() == 1
    with tenant_context(towns["alpha"]):
        assert Provider.objects.get(pk=bakery.pk).owner.email == "baecker@alpha.example"
    # and the same link a second time changes nothing and says so
    page.goto(town_url(live_server, "alpha", f"/shop/claim/{token}/"))
    assert "This link does not work" in page.content() or "funktioniert nicht" in page.content()
