"""The shop's offer pages in the browser: a business creates an offer from a template,
previews and publishes it; a resident finds it by a search with a typo and compares it with
another offer of the same category; axe-core on each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from modules.shop.models import Category, Offer, PriceModel
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory
from tests.factories.shop import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/me/$"))


def test_a_business_publishes_an_offer_and_a_resident_finds_and_compares_it(
    live_server, page, towns
):
    # given a window cleaner with an approved profile, and another cleaner's offer
    with tenant_context(towns["alpha"]):
        owner = UserFactory(email="putz-offers@alpha.example", roles=[Role.RESIDENT, Role.PROVIDER])
        ProviderFactory(name="Glanzwerk", slug="glanzwerk", owner=owner, trade="cleaning")
        rival = ProviderFactory(name="Blitzblank", slug="blitzblank")
        OfferFactory(
            provider=rival,
            title="Fensterreinigung Komplett",
            category=Category.objects.get(slug="reinigung"),
            price_model=PriceModel.FLAT,
            price_cents=8900,
        )
        UserFactory(email="anwohner-offers@alpha.example", roles=[Role.RESIDENT])
    _log_in(page, live_server, "putz-offers@alpha.example")
    # when she starts a new offer from the "Fenster putzen" template
    page.goto(town_url(live_server, "alpha", "/shop/p/glanzwerk/offers/new/"))
    assert _violations(page) == []
    with page.expect_navigation():
        page.click("a[data-template=fenster-putzen]")
    assert page.input_value("input[name=title]") == "Fenster putzen"
    assert page.input_value("input[name=price_cents]") == "35,00"
    assert "incl. VAT" in page.content()
    assert _violations(page) == []
    # and changes the price to 39,50 and saves
    page.fill("input[name=price_cents]", "39,50")
    page.click("form.stacked button[type=submit]")
    # then she sees a preview that is not public yet
    page.wait_for_selector("[data-preview]")
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        offer = Offer.objects.get(provider__slug="glanzwerk")
        assert offer.status == Offer.Status.DRAFT
        assert offer.price_cents == 3950
    # when she publishes it
    page.click("form[action$='/publish/'] button")
    page.wait_for_selector(".messages")
    with tenant_context(towns["alpha"]):
        assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PUBLISHED
    # then a resident finds it with a typo
    page.context.clear_cookies()
    _log_in(page, live_server, "anwohner-offers@alpha.example")
    page.goto(town_url(live_server, "alpha", "/shop/offers/"))
    page.fill("#offer-q", "Fenstr")
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_url(re.compile(r"q=Fenstr"))
    assert "Fenster putzen" in page.content()
    assert "Fensterreinigung Komplett" in page.content()
    assert _violations(page) == []
    # and compares the two offers side by side (other browser tests' offers may be listed too:
    # a town's data outlives a browser test)
    with tenant_context(towns["alpha"]):
        chosen = [
            str(public_id)
            for public_id in Offer.objects.filter(
                title__in=["Fenster putzen", "Fensterreinigung Komplett"],
                provider__slug__in=["glanzwerk", "blitzblank"],
            ).values_list("public_id", flat=True)
        ]
    assert len(chosen) == 2
    for public_id in chosen:
        page.check(f"input[name=o][value='{public_id}']")
    page.click("form.offer-compare-form button[type=submit]")
    page.wait_for_url(re.compile(r"/shop/compare/"))
    table = page.locator("table.offer-compare")
    assert table.count() == 1
    assert "Fenster putzen" in table.inner_text()
    assert "Fensterreinigung Komplett" in table.inner_text()
    assert _violations(page) == []
