"""The driver's run sheet (page and PDF) in order and in constant queries, addresses only
for the driver and coordinators; the driver's calendar feed by token (renewing revokes)."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from modules.volunteer.models import Service
from modules.volunteer.models_rides import DriverFeed, Vehicle
from modules.volunteer.services.driver_feeds import renew_driver_feed
from modules.volunteer.services.rides import assign_ride
from portal.accounts.models import User
from tests.modules.volunteer.rides_setup import at, book, weekday_after

pytestmark = pytest.mark.django_db


def _sheet(day) -> str:  # type: ignore[no-untyped-def]
    return f"/volunteer/rides/mobil/run-sheet/?day={day.isoformat()}"


def _assigned(
    service: Service,
    rider: User,
    driver: User,
    vehicle: Vehicle,
    by: User,
    day,
    hour: int,
    **changes: object,
):  # type: ignore[no-untyped-def]
    ride = book(service, rider, at(day, hour), **changes)
    return assign_ride(ride=ride, driver=driver, vehicle=vehicle, by=by)


def test_the_driver_sees_the_day_in_order_with_addresses(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
) -> None:
    day = weekday_after(2)
    _assigned(
        ride_service, rider, driver, bus, coordinator, day, 14, pickup_address="Zweite Straße 2"
    )
    _assigned(
        ride_service,
        rider,
        driver,
        bus,
        coordinator,
        day,
        9,
        pickup_address="Erste Straße 1",
        note="Klingel defekt",
        wheelchair=True,
    )
    client_a.force_login(driver)
    response = client_a.get(_sheet(day))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Erste Straße 1") < body.index("Zweite Straße 2")
    assert "Klingel defekt" in body and "07033 1234" in body and "wheelchair" in body
    assert response["Cache-Control"] == "private, no-store"


def test_the_coordinator_opens_a_drivers_sheet_and_others_see_only_their_own(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
    outsider: User,
) -> None:
    day = weekday_after(2)
    _assigned(
        ride_service, rider, driver, bus, coordinator, day, 9, pickup_address="Erste Straße 1"
    )
    client_a.force_login(coordinator)
    url = _sheet(day) + f"&driver={driver.public_id}"
    assert "Erste Straße 1" in client_a.get(url).content.decode()
    # someone else asking for the driver's sheet gets their own (empty) one
    client_a.force_login(outsider)
    assert "Erste Straße 1" not in client_a.get(url).content.decode()


def test_the_run_sheet_takes_constant_queries(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
    django_assert_max_num_queries,
) -> None:
    day = weekday_after(2)
    _assigned(ride_service, rider, driver, bus, coordinator, day, 8)
    client_a.force_login(driver)
    with CaptureQueriesContext(connection) as few:
        client_a.get(_sheet(day))
    for hour in range(9, 17):
        _assigned(ride_service, rider, driver, bus, coordinator, day, hour, return_at=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client_a.get(_sheet(day))
    assert len(response.context["rides"]) == 9


def test_the_run_sheet_pdf_has_the_first_pickup(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
) -> None:
    day = weekday_after(2)
    _assigned(
        ride_service,
        rider,
        driver,
        bus,
        coordinator,
        day,
        9,
        pickup_address="Lindenweg 4",
        note="<b>fett</b>",
    )
    client_a.force_login(driver)
    response = client_a.get(f"/volunteer/rides/mobil/run-sheet.pdf?day={day.isoformat()}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Lindenweg 4" in text
    assert "<b>fett</b>" in text  # markup stays text


def test_the_driver_feed_lists_rides_without_addresses_and_renewing_revokes(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
    outsider: User,
) -> None:
    day = weekday_after(2)
    _assigned(
        ride_service,
        rider,
        driver,
        bus,
        coordinator,
        day,
        9,
        pickup_address="Lindenweg 4",
        destination_address="Klinikum",
        destination_district="Süd",
    )
    feed = renew_driver_feed(service=ride_service, driver=driver)
    response = client_a.get(f"/volunteer/rides/calendar/{feed.token}.ics")
    body = response.content.decode()
    assert response.status_code == 200 and "BEGIN:VEVENT" in body
    assert "Ride to Süd" in body and "Lindenweg" not in body and "Klinikum" not in body
    old = feed.token
    renew_driver_feed(service=ride_service, driver=driver)
    assert client_a.get(f"/volunteer/rides/calendar/{old}.ics").status_code == 404
    assert client_a.get("/volunteer/rides/calendar/made-up.ics").status_code == 404
    with pytest.raises(Exception):  # noqa: B017  (PermissionDenied: not a driver)
        renew_driver_feed(service=ride_service, driver=outsider)
    assert DriverFeed.objects.count() == 1


def test_the_driver_makes_the_calendar_address_on_the_page(
    client_a, ride_service: Service, driver: User, outsider: User
) -> None:
    client_a.force_login(driver)
    response = client_a.post("/volunteer/rides/mobil/calendar/", {"action": "renew"})
    assert response.status_code == 302
    page = client_a.get("/volunteer/rides/mobil/calendar/")
    assert DriverFeed.objects.get(driver=driver).token in page.content.decode()
    client_a.force_login(outsider)
    assert client_a.get("/volunteer/rides/mobil/calendar/").status_code == 403


def test_the_feed_names_a_way_back_by_where_it_starts_not_the_home(
    client_a, ride_service: Service, bus: Vehicle, rider: User, driver: User, coordinator: User
) -> None:
    day = weekday_after(2)
    ride = book(
        ride_service,
        rider,
        at(day, 9),
        return_at=at(day, 12),
        pickup_address="Lindenweg 4",
        destination_address="Klinikum",
    )
    assign_ride(ride=ride.return_ride, driver=driver, vehicle=bus, by=coordinator)
    feed = renew_driver_feed(service=ride_service, driver=driver)
    body = client_a.get(f"/volunteer/rides/calendar/{feed.token}.ics").content.decode()
    assert "Ride back from Klinikum" in body and "Lindenweg" not in body
