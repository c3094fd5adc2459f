"""A visitor searches everything at once: a typo still finds the bicycle, grouped by kind;
axe-core checks the results page with hits, with none and with a bad search."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import tenant_context

from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories.exchange import ListingFactory
from tests.factories.info import MenuFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_finds_fahrad_grouped_by_kind(live_server, page, towns) -> None:
    # given a bicycle in the exchange and a lunch menu
    with tenant_context(towns["alpha"]):
        listing = ListingFactory(title="Fahrrad für Kinder", description="Blau, 20 Zoll.")
        MenuFactory(restaurant="Gasthaus Krone", dishes="Mittagessen nach der Fahrrad-Tour")
    # when a visitor types the word with a letter missing into the search box and presses Enter
    page.goto(town_url(live_server, "alpha", "/search/"))
    page.fill("input[name=q]", "Fahrad")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Fahrad"))
    # then the hits are shown in their groups
    assert page.locator("h2", has_text="Listings in the exchange").is_visible()
    assert page.locator("h2", has_text="Lunch menus").is_visible()
    assert not _violations(page)
    # and the listing opens from its hit
    page.click("text=Fahrrad für Kinder")
    page.wait_for_url(re.compile(rf"/exchange/listings/{listing.public_id}/"))


def test_results_without_hits_and_with_a_bad_search_pass_wcag_checks(
    live_server, page, towns
) -> None:
    page.goto(town_url(live_server, "alpha", "/search/?q=Schneeschieber"))
    assert page.locator("h2", has_text="Nothing found").is_visible()
    assert not _violations(page)
    page.goto(town_url(live_server, "alpha", "/search/?q=%21%21%21"))
    assert page.locator("[role=alert]", has_text="at least one letter").is_visible()
    assert not _violations(page)
