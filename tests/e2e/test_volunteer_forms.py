"""The volunteer forms that had no browser test yet: a representative offers a service and
changes it; the coordinator adds a vehicle and changes the driving hours; a resident books a
repeating ride, cancels one ride and then the series; a driver takes an open ride and hands
it back; resident and helper write in a request's thread and the helper marks it done; a
coordinator refuses and pauses helpers, a moderator hides a service and shows it again.
axe-core on each form page once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django_tenants.utils import tenant_context

from modules.volunteer.models import (
    Helper,
    HelperStatus,
    HelpRequest,
    Message,
    RequestStatus,
    Service,
    VettingEvent,
)
from modules.volunteer.models_rides import Ride, RideSeries, RideStatus, Vehicle
from modules.volunteer.services.requests import assign_helper, send_request
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.volunteer import (
    HelperFactory,
    RideServiceFactory,
    ServiceFactory,
    VehicleFactory,
)
from tests.modules.volunteer.conftest import fields
from tests.modules.volunteer.rides_setup import at, book, weekday_after

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_representative_offers_a_service_and_changes_it(live_server, page, towns) -> None:
    # given a representative of an approved organisation
    with tenant_context(towns["alpha"]):
        organisation = OrganisationFactory(slug="forms-e2e-verein", name="Forms-E2E-Verein")
        RepresentativeFactory(
            organisation=organisation,
            user=UserFactory(email="forms-e2e-rep@alpha.example", full_name="Rita Vertreterin"),
        )

    # when she offers a new service
    _log_in(page, live_server, "forms-e2e-rep@alpha.example")
    page.goto(town_url(live_server, "alpha", "/volunteer/offer/forms-e2e-verein/"))
    assert _violations(page) == []
    page.fill("input[name=title]", "Forms-E2E Einkaufshilfe")
    page.select_option("select[name=kind]", "shopping")
    page.fill("textarea[name=description]", "Wir kaufen für Sie ein, wenn Sie krank sind.")
    page.fill("input[name=audience]", "Alle im Ort")
    page.check("input[name=cost_kind][value=free]")
    page.fill("input[name=contact]", "Telefon 07033 5555")
    page.check("input[name=routing][value=coordinator]")
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")

    # then the service's page shows it, and it is saved with her as coordinator
    assert "Forms-E2E Einkaufshilfe" in page.content()
    with tenant_context(towns["alpha"]):
        service = Service.objects.get(organisation__slug="forms-e2e-verein")
        assert service.title == "Forms-E2E Einkaufshilfe"
        assert service.kind == "shopping"
        assert service.coordinator.email == "forms-e2e-rep@alpha.example"
        slug = service.slug
    assert page.url.endswith(f"/volunteer/services/{slug}/")

    # when she changes the title and the times
    page.goto(town_url(live_server, "alpha", f"/volunteer/services/{slug}/edit/"))
    assert page.input_value("input[name=title]") == "Forms-E2E Einkaufshilfe"
    assert _violations(page) == []
    page.fill("input[name=title]", "Forms-E2E Einkaufshilfe im Notfall")
    page.fill("input[name=when]", "Montag bis Freitag")
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")

    # then the page and the database show the change
    assert "Forms-E2E Einkaufshilfe im Notfall" in page.content()
    with tenant_context(towns["alpha"]):
        service.refresh_from_db()
        assert service.title == "Forms-E2E Einkaufshilfe im Notfall"
        assert service.when == "Montag bis Freitag"
        assert service.description == "Wir kaufen für Sie ein, wenn Sie krank sind."


def test_the_coordinator_adds_a_vehicle_and_changes_the_driving_hours(
    live_server, page, towns
) -> None:
    # given the coordinator of a ride service without vehicles
    with tenant_context(towns["alpha"]):
        coordinator = UserFactory(email="forms-e2e-fleet@alpha.example")
        service = RideServiceFactory(
            slug="forms-e2e-fleet", title="Forms-E2E-Mobil", coordinator=coordinator
        )

    # when she adds a bus with a wheelchair place
    _log_in(page, live_server, "forms-e2e-fleet@alpha.example")
    page.goto(town_url(live_server, "alpha", "/volunteer/rides/forms-e2e-fleet/vehicles/"))
    assert "No vehicles yet." in page.content()
    assert _violations(page) == []
    add = page.locator("main form:has(input[type=hidden][name=is_active])")
    add.locator("input[name=name]").fill("Forms-E2E-Bus")
    add.locator("input[name=seats]").fill("6")
    add.locator("input[name=wheelchair_places]").fill("1")
    with page.expect_navigation():
        add.locator("button[type=submit]").click()

    # then the vehicle is listed and saved
    assert page.locator("main fieldset legend", has_text="Forms-E2E-Bus").count() == 1
    with tenant_context(towns["alpha"]):
        bus = Vehicle.objects.get(service=service)
        assert (bus.name, bus.seats, bus.wheelchair_places, bus.is_active) == (
            "Forms-E2E-Bus",
            6,
            1,
            True,
        )

    # when she drives only in the north, Monday from 9 to 12 and no longer on Friday
    page.goto(town_url(live_server, "alpha", "/volunteer/rides/forms-e2e-fleet/settings/"))
    assert page.input_value("input[name=start_0]") == "08:00"
    assert _violations(page) == []
    page.fill("textarea[name=districts]", "Nord")
    page.fill("input[name=start_0]", "09:00")
    page.fill("input[name=end_0]", "12:00")
    page.fill("input[name=start_4]", "")
    page.fill("input[name=end_4]", "")
    page.fill("input[name=ride_minutes]", "45")
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")

    # then the page says so and keeps the new values
    assert page.locator("[role=status]").count() >= 1
    assert page.input_value("input[name=start_0]") == "09:00"
    with tenant_context(towns["alpha"]):
        service.refresh_from_db()
        assert service.eligible_districts == ["Nord"]
        assert service.ride_minutes == 45
        hours = {row["weekday"]: (row["start"], row["end"]) for row in service.operating_hours}
        assert hours[0] == ("09:00", "12:00")
        assert 4 not in hours
        assert hours[1] == ("08:00", "18:00")


def test_a_resident_books_a_series_cancels_one_ride_and_then_the_series(
    live_server, page, towns
) -> None:
    # given a ride service with a vehicle, and a resident
    with tenant_context(towns["alpha"]):
        VehicleFactory(
            service=RideServiceFactory(
                slug="forms-e2e-series",
                title="Forms-E2E-Serie",
                coordinator=UserFactory(email="forms-e2e-series-coord@alpha.example"),
            )
        )
        UserFactory(email="forms-e2e-series-rider@alpha.example", full_name="Sina Serie")
        first = weekday_after(2)  # a Wednesday at least a week ahead

    # when she books every Wednesday at 10:00 for three weeks
    _log_in(page, live_server, "forms-e2e-series-rider@alpha.example")
    page.goto(town_url(live_server, "alpha", "/volunteer/rides/forms-e2e-series/series/"))
    assert _violations(page) == []
    page.select_option("select[name=frequency]", "weekly")
    page.select_option("select[name=weekday]", "2")
    page.fill("input[name=pickup_time]", "10:00")
    page.fill("input[name=first_day]", first.isoformat())
    page.fill("input[name=last_day]", (first + timedelta(days=14)).isoformat())
    page.fill("input[name=pickup_address]", "Forms-Weg 3")
    page.fill("input[name=destination_address]", "Physiotherapie am Bach")
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")

    # then three rides are booked
    assert "We booked 3 rides." in page.content()
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        series = RideSeries.objects.get(service__slug="forms-e2e-series")
        rides = list(Ride.objects.filter(series=series).order_by("starts_at"))
        assert len(rides) == 3
        assert {r.status for r in rides} == {RideStatus.OPEN}

    # when she cancels the first ride with a reason
    page.goto(town_url(live_server, "alpha", f"/volunteer/rides/r/{rides[0].public_id}/"))
    assert _violations(page) == []
    cancel = page.locator(f"form[action$='/rides/r/{rides[0].public_id}/cancel/']")
    cancel.locator("[name=reason]").fill("Termin verschoben")
    with page.expect_navigation():
        cancel.locator("button[type=submit]").click()
    assert "Cancelled" in page.locator("main .lead").inner_text()
    with tenant_context(towns["alpha"]):
        rides[0].refresh_from_db()
        assert rides[0].status == RideStatus.CANCELLED
        assert rides[0].cancel_reason == "Termin verschoben"
        assert Ride.objects.filter(series=series, status=RideStatus.OPEN).count() == 2

    # when she cancels the whole series from the second ride's page
    page.goto(town_url(live_server, "alpha", f"/volunteer/rides/r/{rides[1].public_id}/"))
    with page.expect_navigation():
        page.click(f"form[action$='/rides/series/{series.public_id}/cancel/'] button")

    # then she is back on the booking page, and no ride of the series is left
    assert re.search(r"/volunteer/rides/forms-e2e-series/book/$", page.url)
    assert "All future rides of this series are cancelled." in page.content()
    with tenant_context(towns["alpha"]):
        series.refresh_from_db()
        assert series.cancelled_at is not None
        assert not Ride.objects.filter(series=series).exclude(status=RideStatus.CANCELLED)


def test_a_driver_takes_an_open_ride_and_hands_it_back(live_server, page, towns) -> None:
    # given an open ride, a vehicle and a vetted driver
    with tenant_context(towns["alpha"]):
        service = RideServiceFactory(
            slug="forms-e2e-take",
            title="Forms-E2E-Offen",
            coordinator=UserFactory(email="forms-e2e-take-coord@alpha.example"),
        )
        VehicleFactory(service=service, name="Forms-E2E-Kombi")
        HelperFactory(
            service=service,
            user=UserFactory(email="forms-e2e-take-driver@alpha.example", full_name="Dirk Fahrer"),
        )
        rider = UserFactory(email="forms-e2e-take-rider@alpha.example")
        ride = book(service, rider, at(weekday_after(3), 10))
        assert ride.status == RideStatus.OPEN

    # when the driver opens the open rides and takes it with the Kombi
    _log_in(page, live_server, "forms-e2e-take-driver@alpha.example")
    page.goto(town_url(live_server, "alpha", "/volunteer/rides/forms-e2e-take/open/"))
    assert _violations(page) == []
    take = page.locator(f"form[action$='/rides/r/{ride.public_id}/take/']")
    take.locator("select[name=vehicle]").select_option(label="Forms-E2E-Kombi")
    with page.expect_navigation():
        take.locator("button[type=submit]").click()

    # then it is on his run sheet, and his
    assert "/volunteer/rides/forms-e2e-take/run-sheet/" in page.url
    assert "The ride is yours" in page.content()
    with tenant_context(towns["alpha"]):
        ride.refresh_from_db()
        assert ride.status == RideStatus.ASSIGNED
        assert ride.driver.email == "forms-e2e-take-driver@alpha.example"
        assert ride.vehicle.name == "Forms-E2E-Kombi"

    # when he cannot drive after all and hands it back on the ride's page
    page.goto(town_url(live_server, "alpha", f"/volunteer/rides/r/{ride.public_id}/"))
    assert _violations(page) == []
    with page.expect_navigation():
        page.click(f"form[action$='/rides/r/{ride.public_id}/unassign/'] button")

    # then the ride waits for a driver again, and he is back on the open rides (the ride's
    # page is no longer his to see), where it is offered again
    assert "The ride is waiting for a driver again." in page.content()
    assert page.url.endswith("/volunteer/rides/forms-e2e-take/open/")
    assert page.locator(f"form[action$='/rides/r/{ride.public_id}/take/']").count() == 1
    with tenant_context(towns["alpha"]):
        ride.refresh_from_db()
        assert ride.status == RideStatus.OPEN
        assert ride.driver is None


def test_resident_and_helper_write_and_the_helper_marks_the_request_done(
    live_server, page, towns
) -> None:
    # given a request given to a vetted helper
    with tenant_context(towns["alpha"]):
        coordinator = UserFactory(email="forms-e2e-thread-coord@alpha.example")
        service = ServiceFactory(
            slug="forms-e2e-thread", title="Forms-E2E-Hilfe", coordinator=coordinator
        )
        helper = UserFactory(email="forms-e2e-thread-helper@alpha.example", full_name="Hanna Hilf")
        HelperFactory(service=service, user=helper)
        resident = UserFactory(
            email="forms-e2e-thread-resident@alpha.example", full_name="Rudi Bewohner"
        )
        help_request = send_request(service=service, by=resident, fields=fields())
        assign_helper(help_request=help_request, by=coordinator, helper=helper)
    url = town_url(live_server, "alpha", f"/volunteer/requests/{help_request.public_id}/")
    thread = "main form[action$='/messages/']"

    # when the resident writes in the request's thread
    _log_in(page, live_server, "forms-e2e-thread-resident@alpha.example")
    page.goto(url)
    assert _violations(page) == []
    page.fill(f"{thread} textarea[name=body]", "Bitte klingeln Sie zweimal.")
    with page.expect_navigation():
        page.click(f"{thread} button[type=submit]")
    assert "Your message has been sent." in page.content()
    assert "Bitte klingeln Sie zweimal." in page.locator("#messages").inner_text()

    # and the helper answers, and marks the request done after two hours
    page.context.clear_cookies()
    _log_in(page, live_server, "forms-e2e-thread-helper@alpha.example")
    page.goto(url)
    assert "Bitte klingeln Sie zweimal." in page.locator("#messages").inner_text()
    assert _violations(page) == []
    page.fill(f"{thread} textarea[name=body]", "Mache ich, bis Donnerstag!")
    with page.expect_navigation():
        page.click(f"{thread} button[type=submit]")
    assert "Mache ich, bis Donnerstag!" in page.locator("#messages").inner_text()
    done = "main form[action$='/done/']"
    page.fill(f"{done} input[name=hours]", "2")
    with page.expect_navigation():
        page.click(f"{done} button[data-step=done]")

    # then the request is done, with both messages in its thread
    assert "The request is marked as done." in page.content()
    assert page.get_attribute("[data-status]", "data-status") == RequestStatus.DONE
    with tenant_context(towns["alpha"]):
        help_request = HelpRequest.objects.get(pk=help_request.pk)
        assert help_request.status == RequestStatus.DONE
        assert str(help_request.hours) == "2.00"
        bodies = list(
            Message.objects.filter(request=help_request).values_list("sender__email", "body")
        )
        assert bodies == [
            ("forms-e2e-thread-resident@alpha.example", "Bitte klingeln Sie zweimal."),
            ("forms-e2e-thread-helper@alpha.example", "Mache ich, bis Donnerstag!"),
        ]


def test_the_coordinator_refuses_and_pauses_helpers_and_a_moderator_hides_the_service(
    live_server, page, towns
) -> None:
    # given a service with a waiting and a vetted helper, and a moderator
    with tenant_context(towns["alpha"]):
        coordinator = UserFactory(email="forms-e2e-vet-coord@alpha.example")
        service = ServiceFactory(
            slug="forms-e2e-vet", title="Forms-E2E-Besuchsdienst", coordinator=coordinator
        )
        waiting = HelperFactory(
            service=service,
            user=UserFactory(email="forms-e2e-vet-waiting@alpha.example", full_name="Wanda Neu"),
            status=HelperStatus.APPLIED,
            decided_at=None,
        )
        vetted = HelperFactory(
            service=service,
            user=UserFactory(email="forms-e2e-vet-vetted@alpha.example", full_name="Veit Alt"),
        )
        UserFactory(
            email="forms-e2e-vet-moderator@alpha.example", roles=[Role.RESIDENT, Role.MODERATOR]
        )
    helpers = f"/volunteer/services/{service.slug}/helpers"

    # when the coordinator does not accept the waiting helper, giving a reason
    _log_in(page, live_server, "forms-e2e-vet-coord@alpha.example")
    page.goto(town_url(live_server, "alpha", f"{helpers}/{waiting.user.public_id}/refuse/"))
    assert _violations(page) == []
    page.fill("main textarea[name=reason]", "Wir haben gerade genug Helfer.")
    with page.expect_navigation():
        page.click("main button[data-step=decide]")
    assert page.get_attribute("[data-helper-status]", "data-helper-status") == "refused"

    # and pauses the vetted one
    page.goto(town_url(live_server, "alpha", f"{helpers}/{vetted.user.public_id}/suspend/"))
    assert _violations(page) == []
    page.fill("main textarea[name=reason]", "Beschwerde wird geprüft.")
    with page.expect_navigation():
        page.click("main button[data-step=decide]")
    assert page.get_attribute("[data-helper-status]", "data-helper-status") == "suspended"

    # then both decisions are stored with their reasons
    with tenant_context(towns["alpha"]):
        assert Helper.objects.get(pk=waiting.pk).status == HelperStatus.REFUSED
        assert Helper.objects.get(pk=vetted.pk).status == HelperStatus.SUSPENDED
        reasons = dict(
            VettingEvent.objects.filter(helper__service=service).values_list("action", "reason")
        )
        assert reasons["refused"] == "Wir haben gerade genug Helfer."
        assert reasons["suspended"] == "Beschwerde wird geprüft."

    # when a moderator hides the service with a reason
    page.context.clear_cookies()
    _log_in(page, live_server, "forms-e2e-vet-moderator@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/volunteer/services/{service.slug}/"))
    assert _violations(page) == []
    hide = "main form[action$='/hide/']"
    page.fill(f"{hide} textarea[name=reason]", "Angaben werden geprüft.")
    with page.expect_navigation():
        page.click(f"{hide} button[type=submit]")
    assert "The service is hidden." in page.content()
    with tenant_context(towns["alpha"]):
        service.refresh_from_db()
        assert service.is_hidden
        assert service.hidden_reason == "Angaben werden geprüft."

    # and shows it again
    with page.expect_navigation():
        page.click("main form[action$='/restore/'] button[type=submit]")
    assert "The service is shown again." in page.content()
    assert page.locator("main form[action$='/hide/']").count() == 1
    with tenant_context(towns["alpha"]):
        service.refresh_from_db()
        assert not service.is_hidden
