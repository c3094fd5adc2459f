"""The event form offers the organisations a person represents; the organisation's page shows
its coming events (through the registry) and keeps working when the info module is off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from modules.info.models import Event
from tenants.models import Town
from tenants.routing import forget_towns
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.info import EventFactory

pytestmark = pytest.mark.django_db


def _local(moment):  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _event(**changes: str) -> dict[str, str]:
    start = timezone.now() + timedelta(days=3)
    data = {
        "title": "Probe",
        "place": "Probelokal",
        "start": _local(start),
        "end": _local(start + timedelta(hours=2)),
        "recurrence": "none",
        "category": "culture",
    }
    data.update(changes)
    return data


def test_the_form_offers_only_the_organisations_one_represents(in_town_a, client_a, representative):
    # given a representative of the Musikverein, and another organisation
    RepresentativeFactory(
        organisation=OrganisationFactory(slug="musikverein", name="Musikverein"),
        user=representative,
    )
    OrganisationFactory(slug="sportverein", name="Sportverein")
    client_a.force_login(representative)
    # when they open the event form
    page = client_a.get("/info/events/new/").content.decode()
    # then their organisation is a choice, the other one is not, and no short name is asked
    assert '<option value="musikverein">Musikverein</option>' in page
    assert "sportverein" not in page
    assert "Organiser&#x27;s short name" not in page


def test_choosing_the_organisation_names_the_event_after_it(in_town_a, client_a, representative):
    RepresentativeFactory(
        organisation=OrganisationFactory(slug="musikverein", name="Musikverein"),
        user=representative,
    )
    client_a.force_login(representative)
    response = client_a.post("/info/events/new/", _event(organiser_slug="musikverein"))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.organiser_slug == "musikverein" and event.organiser_name == "Musikverein"


def test_another_organisations_short_name_is_refused_on_the_server(
    in_town_a, client_a, representative
):
    RepresentativeFactory(organisation=OrganisationFactory(slug="musikverein"), user=representative)
    OrganisationFactory(slug="sportverein")
    client_a.force_login(representative)
    response = client_a.post(
        "/info/events/new/", _event(organiser_slug="sportverein", organiser_name="Sportverein")
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Event.objects.exists()


def test_a_moderator_may_choose_any_approved_organisation(in_town_a, client_a, moderator):
    OrganisationFactory(slug="sportverein", name="Sportverein")
    client_a.force_login(moderator)
    assert '<option value="sportverein">' in client_a.get("/info/events/new/").content.decode()
    response = client_a.post("/info/events/new/", _event(organiser_slug="sportverein"))
    assert response.status_code == 302
    assert Event.objects.get().organiser_slug == "sportverein"


def test_no_organisation_and_no_name_is_refused(in_town_a, client_a, moderator):
    client_a.force_login(moderator)
    response = client_a.post("/info/events/new/", _event(organiser_name=""))
    assert response.status_code == 400
    assert "choose an organisation or enter the organiser" in response.content.decode()
    assert not Event.objects.exists()


def test_an_unknown_district_is_refused(in_town_a, client_a, moderator):
    client_a.force_login(moderator)
    response = client_a.post(
        "/info/events/new/", _event(organiser_name="Rathaus", district="Atlantis")
    )
    assert response.status_code == 400
    assert not Event.objects.exists()
    response = client_a.post("/info/events/new/", _event(organiser_name="Rathaus", district="Nord"))
    assert response.status_code == 302 and Event.objects.get().district == "Nord"


def test_the_organisation_page_shows_its_coming_events(in_town_a, client_a):
    # given an organisation with a coming event and an event of another organiser
    organisation = OrganisationFactory(slug="musikverein", name="Musikverein")
    EventFactory(title="Frühjahrskonzert", organiser_slug="musikverein")
    EventFactory(title="Fremdes Fest", organiser_slug="sportverein")
    # when a visitor opens the organisation's page
    page = client_a.get(f"/directory/o/{organisation.slug}/").content.decode()
    # then its event is shown, the other one is not
    assert "Coming events" in page and "Frühjahrskonzert" in page
    assert "Fremdes Fest" not in page


def test_the_organisation_page_works_with_the_info_module_off(in_town_a, town_a, client_a):
    organisation = OrganisationFactory(slug="musikverein")
    EventFactory(title="Frühjahrskonzert", organiser_slug="musikverein")
    Town.objects.filter(pk=town_a.pk).update(enabled_modules=["directory", "exchange"])
    forget_towns()
    try:
        response = client_a.get(f"/directory/o/{organisation.slug}/")
        assert response.status_code == 200
        assert "Frühjahrskonzert" not in response.content.decode()
    finally:
        Town.objects.filter(pk=town_a.pk).update(enabled_modules=town_a.enabled_modules)
        forget_towns()


def test_an_unknown_category_is_refused(in_town_a, client_a, moderator):
    client_a.force_login(moderator)
    response = client_a.post("/info/events/new/", _event(organiser_name="Rathaus", category="x"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Event.objects.exists()


def test_a_forged_short_name_is_refused_when_one_represents_nothing(
    in_town_a, client_a, representative
):
    # given a representative of no organisation (the form has no choice to offer them)
    OrganisationFactory(slug="sportverein")
    client_a.force_login(representative)
    # when a short name is sent anyway
    response = client_a.post(
        "/info/events/new/", _event(organiser_name="Sportverein", organiser_slug="sportverein")
    )
    # then it is refused with a word at the top of the form
    assert response.status_code == 400
    assert "organisation you represent" in response.content.decode()
    assert not Event.objects.exists()
