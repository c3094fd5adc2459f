"""Forms people can recover from, in the browser: the error summary takes focus and its
links move focus to the field; deleting a listing asks on a page of its own; axe-core on
the personal area and the confirmation page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from modules.exchange.models import Listing
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory
from tests.factories.exchange import ListingFactory, MessageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/me/$"))


def _focused_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def test_the_error_summary_takes_focus_and_its_links_move_focus(live_server, page, towns):
    # given a resident on the form for a new listing
    with tenant_context(towns["alpha"]):
        UserFactory(email="erna@alpha.example")
    _log_in(page, live_server, "erna@alpha.example")
    page.goto(town_url(live_server, "alpha", "/exchange/new/"))
    # when she sends it with only a description
    page.fill("textarea[name=description]", "Eine Leiter, 3 m")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    # then the summary has focus (set by the page's script once it has loaded) and names
    # every missing field at once
    page.wait_for_selector("[data-error-summary]")
    page.wait_for_function("document.activeElement && document.activeElement.id !== ''")
    assert _focused_id(page) == "error-summary"
    links = page.locator("#error-summary a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert targets == ["#id_listing_type_0", "#id_kind_0", "#id_title"]
    # and what she typed is still there
    assert page.input_value("textarea[name=description]") == "Eine Leiter, 3 m"
    # when she follows the link of the title with the keyboard, the title field has focus
    page.locator("#error-summary a[href='#id_title']").focus()
    page.keyboard.press("Enter")
    assert _focused_id(page) == "id_title"
    # and a click on a radio group's link focuses its first choice
    page.click("#error-summary a[href='#id_kind_0']")
    assert _focused_id(page) == "id_kind_0"


def test_deleting_a_listing_asks_on_its_own_page(live_server, page, towns):
    # given an owner with a listing someone wrote about
    with tenant_context(towns["alpha"]):
        owner = UserFactory(email="otto@alpha.example")
        listing = ListingFactory(owner=owner, title="Rasenmäher")
        MessageFactory(thread__listing=listing)
    _log_in(page, live_server, "otto@alpha.example")
    # the personal area passes the checks and shows the unread message
    assert page.locator(".area-item-waiting").count() == 1
    assert _violations(page) == []
    # when he chooses to delete the listing
    page.goto(town_url(live_server, "alpha", f"/exchange/listings/{listing.public_id}/"))
    page.click(f"a[href='/exchange/listings/{listing.public_id}/delete/']")
    # then a page asks first, and it passes the checks
    page.wait_for_url(re.compile(r"/delete/$"))
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        assert Listing.objects.filter(pk=listing.pk).exists()
    # "No" goes back and changes nothing
    page.click("form.confirm-form a.button-secondary")
    page.wait_for_url(re.compile(rf"/exchange/listings/{listing.public_id}/$"))
    page.click(f"a[href='/exchange/listings/{listing.public_id}/delete/']")
    # "Yes" deletes it: it is no longer among his listings
    page.click("form.confirm-form button[type=submit]")
    page.wait_for_url(re.compile(r"/exchange/mine/$"))
    assert "Rasenmäher" not in page.content()
    with tenant_context(towns["alpha"]):
        assert not Listing.objects.filter(pk=listing.pk).exists()


def test_removing_an_offering_and_leaving_an_organisation_ask_first(live_server, page, towns):
    from modules.directory.models import Offering, Representative
    from tests.factories.directory import OfferingFactory, OrganisationFactory

    # given two representatives of a club with one offering
    with tenant_context(towns["alpha"]):
        rosa = UserFactory(email="rosa@alpha.example")
        club = OrganisationFactory(name="Gesangverein", slug="gesangverein")
        Representative.objects.create(organisation=club, user=rosa)
        Representative.objects.create(organisation=club, user=UserFactory())
        offering = OfferingFactory(organisation=club, title="Chorprobe")
    _log_in(page, live_server, "rosa@alpha.example")
    # when she removes the offering, a page asks first; she confirms
    page.goto(town_url(live_server, "alpha", "/directory/o/gesangverein/"))
    page.click(f"a[href$='/offerings/{offering.public_id}/remove/']")
    page.wait_for_url(re.compile(r"/remove/$"))
    page.click("form.confirm-form button[type=submit]")
    page.wait_for_url(re.compile(r"/directory/o/gesangverein/$"))
    with tenant_context(towns["alpha"]):
        assert not Offering.objects.filter(pk=offering.pk).exists()
    # when she leaves the club, a page asks first and passes the checks; she confirms
    page.goto(town_url(live_server, "alpha", "/directory/o/gesangverein/representatives/"))
    page.click(f"a[href$='/representatives/{rosa.public_id}/remove/']")
    page.wait_for_url(re.compile(r"/remove/$"))
    assert _violations(page) == []
    page.click("form.confirm-form button[type=submit]")
    # then she is back on her area and no longer represents it
    page.wait_for_url(re.compile(r"/me/$"))
    with tenant_context(towns["alpha"]):
        assert not Representative.objects.filter(organisation=club, user=rosa).exists()


def test_marking_a_listing_as_taken_asks_first(live_server, page, towns):
    with tenant_context(towns["alpha"]):
        owner = UserFactory(email="tina@alpha.example")
        listing = ListingFactory(owner=owner, title="Kinderwagen")
    _log_in(page, live_server, "tina@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/exchange/listings/{listing.public_id}/"))
    page.click(f"a[href='/exchange/listings/{listing.public_id}/taken/']")
    page.wait_for_url(re.compile(r"/taken/$"))
    page.click("form.confirm-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/exchange/listings/{listing.public_id}/$"))
    with tenant_context(towns["alpha"]):
        listing.refresh_from_db()
        assert listing.status == Listing.Status.TAKEN
