"""The ride API: a resident books, lists and cancels their rides; the dispatcher's day and
assignment; the driver's run sheet; outsiders get 404 or 403; bad input is a 400."""

from __future__ import annotations

import pytest

from modules.volunteer.models import Service
from modules.volunteer.models_rides import Ride, RideStatus, Vehicle
from modules.volunteer.services.rides import assign_ride
from portal.accounts.models import User
from tests.modules.volunteer.rides_setup import at, book, weekday_after

pytestmark = pytest.mark.django_db

API = "/api/v1/volunteer/rides/"


def test_a_resident_books_lists_and_cancels(
    client_a, ride_service: Service, bus: Vehicle, rider: User
) -> None:
    client_a.force_login(rider)
    day = weekday_after(1)
    body = {
        "service": "mobil",
        "starts_at": at(day, 9).isoformat(),
        "return_at": at(day, 11).isoformat(),
        "pickup_address": "Marktplatz 1",
        "destination_address": "Klinikum",
        "passengers": 1,
    }
    created = client_a.post(API, body, content_type="application/json")
    assert created.status_code == 201, created.content
    ride_id = created.json()["id"]
    assert created.json()["return_ride"]
    listed = client_a.get(API).json()
    assert ride_id in [item["id"] for item in listed["results"]]
    cancelled = client_a.post(f"{API}{ride_id}/cancel/", {}, content_type="application/json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_bad_bookings_are_a_400_and_nothing_is_booked(
    client_a, ride_service: Service, bus: Vehicle, rider: User
) -> None:
    client_a.force_login(rider)
    body = {
        "service": "mobil",
        "starts_at": at(weekday_after(6), 9).isoformat(),
        "pickup_address": "Marktplatz 1",
        "destination_address": "Klinikum",
        "passengers": 9,
    }
    answer = client_a.post(API, body, content_type="application/json")
    assert answer.status_code == 400
    assert set(answer.json()["error"]["fields"]) >= {"starts_at", "passengers"}
    assert (
        client_a.post(API, {**body, "passengers": "x"}, content_type="application/json").status_code
        == 400
    )
    assert (
        client_a.post(API, {**body, "service": "nope"}, content_type="application/json").status_code
        == 404
    )
    assert not Ride.objects.exists()


def test_the_dispatcher_lists_the_day_and_assigns_and_the_driver_reads_the_sheet(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
    outsider: User,
) -> None:
    day = weekday_after(1)
    ride = book(ride_service, rider, at(day, 9))
    client_a.force_login(outsider)
    assert client_a.get(f"{API}day/?service=mobil&day={day}").status_code == 403
    assert client_a.get(f"{API}{ride.public_id}/").status_code == 404
    client_a.force_login(coordinator)
    listed = client_a.get(f"{API}day/?service=mobil&day={day}")
    assert [item["id"] for item in listed.json()] == [str(ride.public_id)]
    answer = client_a.post(
        f"{API}{ride.public_id}/assign/",
        {"driver": str(driver.public_id), "vehicle": "Bus"},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["status"] == RideStatus.ASSIGNED
    client_a.force_login(driver)
    sheet = client_a.get(f"{API}run-sheet/?service=mobil&day={day}").json()
    assert [item["pickup_address"] for item in sheet] == ["Marktplatz 1"]


def test_a_conflicting_assignment_is_a_400(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
) -> None:
    day = weekday_after(1)
    first = book(ride_service, rider, at(day, 9))
    second = book(ride_service, rider, at(day, 9, 30))
    assign_ride(ride=first, driver=driver, vehicle=bus, by=coordinator)
    client_a.force_login(coordinator)
    answer = client_a.post(
        f"{API}{second.public_id}/assign/",
        {"driver": str(driver.public_id), "vehicle": "Bus"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "another ride" in str(answer.json()["error"])


def test_the_network_manager_books_for_a_resident_with_consent_only(
    client_a, ride_service: Service, bus: Vehicle, rider: User
) -> None:
    from modules.volunteer.scopes import REQUESTS
    from portal.behalf.models import Consent
    from portal.behalf.services import record_consent
    from tests.factories import UserFactory

    manager = UserFactory(moderator=True, email="rides-api-nm@example.org")
    client_a.force_login(manager)
    body = {
        "service": "mobil",
        "starts_at": at(weekday_after(1), 9).isoformat(),
        "pickup_address": "Marktplatz 1",
        "destination_address": "Klinikum",
        "on_behalf_of": str(rider.public_id),
    }
    assert client_a.post(API, body, content_type="application/json").status_code == 403
    assert not Ride.objects.exists()
    record_consent(
        recorded_by=UserFactory(moderator=True),
        person=rider,
        scopes=[REQUESTS],
        given_how=Consent.Given.PHONE,
    )
    answer = client_a.post(API, body, content_type="application/json")
    assert answer.status_code == 201
    ride = Ride.objects.get()
    assert ride.resident == rider and ride.entered_by == manager
