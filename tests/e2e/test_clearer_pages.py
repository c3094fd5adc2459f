"""In the browser: the events filter, the branding colour picker and preview, the module
switch's confirmation and recording time for someone. Each page passes the WCAG checks."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from billing.ledger.models import Entry
from modules.exchange.models import Listing
from modules.info.models import EventCategory
from portal.accounts.models import Role
from tenants.models import Town
from tenants.routing import forget_towns
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _log_in, _violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_filters_the_events_by_category(live_server, page, towns) -> None:
    from tests.factories.info import EventFactory

    # given a concert and a run in the coming days
    with tenant_context(towns["alpha"]):
        soon = timezone.now() + timedelta(days=2)
        EventFactory(title="Frühlingskonzert", category=EventCategory.CULTURE, start=soon)
        EventFactory(title="Lauftreff", category=EventCategory.SPORT, start=soon)
    # when a visitor opens the events and asks for culture only
    page.goto(town_url(live_server, "alpha", "/info/events/"))
    assert not _violations(page)
    assert page.locator("text=Lauftreff").count() == 1
    page.select_option("select[name=category]", "culture")
    page.click("form.filters button[type=submit]")
    # then the address carries the filter and only the concert is listed, under its day
    page.wait_for_url(re.compile(r"category=culture"))
    assert page.locator("section.event-day h2 time").count() >= 1
    assert page.locator("text=Frühlingskonzert").count() == 1
    assert page.locator("text=Lauftreff").count() == 0
    assert page.locator("select[name=category]").input_value() == "culture"
    assert not _violations(page)


def test_the_colour_picker_fills_the_text_box_and_the_preview(live_server, page, towns) -> None:
    # given a town administrator on the branding page
    with tenant_context(towns["alpha"]):
        UserFactory(email="farbe@alpha.example", roles=[Role.RESIDENT, Role.TOWN_ADMIN])
    _log_in(page, live_server, "farbe@alpha.example")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(town_url(live_server, "alpha", "/manage/branding/"))
    assert not _violations(page)
    # when a colour is picked
    page.fill("input[name=primary_colour_picker]", "#0b3d2e")
    # then the text box shows its code and the preview shows the colour at once
    assert page.input_value("input[name=primary_colour]") == "#0b3d2e"
    background = page.eval_on_selector(
        ".branding-preview .preview-header", "e => getComputedStyle(e).backgroundColor"
    )
    assert background == "rgb(11, 61, 46)"
    # and a typed code moves the picker
    page.fill("input[name=accent_colour]", "#6a1b9a")
    assert page.input_value("input[name=accent_colour_picker]") == "#6a1b9a"
    # when the administrator asks for the server's preview (what works without JavaScript)
    page.click("button[name=preview]")
    page.wait_for_load_state()
    # then the preview keeps the colours, nothing is saved yet
    background = page.eval_on_selector(
        ".branding-preview .preview-header", "e => getComputedStyle(e).backgroundColor"
    )
    assert background == "rgb(11, 61, 46)"
    assert page.input_value("input[name=primary_colour]") == "#0b3d2e"
    assert not _violations(page)


def test_switching_a_module_off_is_confirmed_and_residents_are_told(
    live_server, page, towns
) -> None:
    from tests.factories.exchange import ListingFactory

    town = towns["alpha"]
    modules_before = list(town.enabled_modules)
    with tenant_context(town):
        UserFactory(email="module@alpha.example", roles=[Role.RESIDENT, Role.TOWN_ADMIN])
        ListingFactory(title="Rasenmäher")
        # Browser tests commit and the town outlives them: count what earlier ones left too.
        listings = Listing.objects.count()
    try:
        _log_in(page, live_server, "module@alpha.example")
        page.wait_for_url(re.compile(r"/$"))
        # when the administrator unticks the swap exchange and saves
        page.goto(town_url(live_server, "alpha", "/manage/modules/"))
        assert not _violations(page)
        page.uncheck("input[name=modules][value=exchange]")
        with page.expect_navigation():
            page.click("form.stacked button[type=submit]")
        # then they are asked first, with what disappears, and nothing has changed yet
        assert page.locator("ul.consequences li").count() == 1
        leaving = page.inner_text("ul.consequences li")
        assert re.search(rf"\b{listings} listings?\b", leaving), leaving
        assert not _violations(page)
        assert "exchange" in Town.objects.get(schema_name=town.schema_name).enabled_modules
        # when they confirm
        page.click("form.confirm-form button.button-danger")
        page.wait_for_url(re.compile(r"/manage/modules/$"))
        assert "exchange" not in Town.objects.get(schema_name=town.schema_name).enabled_modules
        # then a resident on the exchange's address reads that it is switched off
        response = page.goto(town_url(live_server, "alpha", "/exchange/"))
        assert response is not None and response.status == 404
        assert page.locator("main a[href='/']").count() == 1
        assert not _violations(page)
    finally:
        Town.objects.filter(schema_name=town.schema_name).update(enabled_modules=modules_before)
        forget_towns()


def test_a_moderator_records_time_for_someone_found_by_search(live_server, page, towns) -> None:
    from portal.behalf.services import record_consent

    # given Josef agreed on the phone that Erika helped him for an hour
    with tenant_context(towns["alpha"]):
        admin = UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN])
        UserFactory(email="netz@alpha.example", roles=[Role.RESIDENT, Role.MODERATOR])
        josef = UserFactory(full_name="Josef Widmann")
        erika = UserFactory(full_name="Erika Haug")
        record_consent(recorded_by=admin, person=josef, scopes=["exchange_time"], given_how="phone")
    _log_in(page, live_server, "netz@alpha.example")
    page.wait_for_url(re.compile(r"/$"))
    page.goto(town_url(live_server, "alpha", "/exchange/moderation/record/"))
    assert not _violations(page)
    # when the moderator searches both people and chooses them
    page.fill("input[name=payer_q]", "Widm")
    page.fill("input[name=payee_q]", "Haug")
    page.click("main form[role=search] button[type=submit]")  # not the header's search
    page.wait_for_url(re.compile(r"payer_q=Widm"))
    assert not _violations(page)
    page.check(f"input[name=payer][value='{josef.public_id}']")
    page.check(f"input[name=payee][value='{erika.public_id}']")
    page.check("input[name=on_behalf_of][value=payer]")
    page.select_option("select[name=minutes]", "60")
    page.fill("input[name=note]", "Am Telefon vereinbart")
    page.click("form[method=post].stacked button[type=submit]")
    # then the hour is booked
    page.wait_for_url(re.compile(r"/exchange/moderation/$"))
    with tenant_context(towns["alpha"]):
        assert Entry.objects.filter(amount=60).count() == 1


def test_an_organisations_events_and_a_menus_phone_pass_the_checks(
    live_server, page, towns
) -> None:
    from tests.factories.directory import OrganisationFactory
    from tests.factories.info import EventFactory, MenuFactory

    # given an organisation with a coming event, and a menu with a phone number
    with tenant_context(towns["alpha"]):
        OrganisationFactory(slug="liederkranz", name="Liederkranz", phone="07033 4711")
        EventFactory(title="Sommerkonzert", organiser_slug="liederkranz")
        MenuFactory(restaurant="Gasthaus Krone", address="Marktplatz 3", phone="07033 4712")
    # when a visitor opens the organisation's page and today's menus
    page.goto(town_url(live_server, "alpha", "/directory/o/liederkranz/"))
    # then the event is listed, the phone can be tapped, and the pages pass the checks
    assert page.locator("section.organisation-events >> text=Sommerkonzert").count() == 1
    assert page.locator("a[href='tel:+4970334711']").count() == 1
    assert not _violations(page)
    page.goto(town_url(live_server, "alpha", "/info/menus/"))
    assert page.locator("a[href='tel:+4970334712']").count() == 1
    assert not _violations(page)
