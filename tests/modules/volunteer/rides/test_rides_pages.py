"""The ride pages: the resident's booking form (errors on the form, nothing booked), the
network manager's booking on the phone and the printable confirmation, who sees a ride and
its addresses, the coordinator's vehicles and driving-hours pages; town B sees nothing."""

from __future__ import annotations

from datetime import time

import pytest

from modules.volunteer.models import Service
from modules.volunteer.models_rides import Ride, RideStatus, Vehicle
from modules.volunteer.services.rides import assign_ride
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.modules.volunteer.rides_setup import at, book, weekday_after

pytestmark = pytest.mark.django_db

BOOK = "/volunteer/rides/mobil/book/"


def _form(when, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {
        "day": when.isoformat(),
        "pickup_time": "09:00",
        "return_time": "",
        "pickup_address": "Marktplatz 1",
        "pickup_district": "",
        "destination_address": "Arztpraxis",
        "destination_district": "",
        "passengers": "1",
        "phone": "07033 1234",
        "note": "",
    }
    data.update(changes)
    return data


def test_a_resident_books_on_the_page(
    client_a, ride_service: Service, bus: Vehicle, rider: User
) -> None:
    client_a.force_login(rider)
    assert client_a.get(BOOK).status_code == 200
    day = weekday_after(1)
    response = client_a.post(BOOK, _form(day, return_time="11:00"))
    ride = Ride.objects.get(outward__isnull=True)
    assert response.status_code == 302 and response["Location"] == ride.get_absolute_url()
    assert ride.return_ride.starts_at == at(day, 11)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"pickup_time": "19:00"}, "outside the driving hours"),
        ({"return_time": "09:10"}, "at the earliest"),
        ({"passengers": "12"}, "largest vehicle"),
        ({"pickup_address": ""}, "required"),
        ({"day": "2020-01-07"}, "has passed"),
        ({"day": "not a day"}, "valid date"),
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_booked(
    client_a, ride_service: Service, bus: Vehicle, rider: User, changes, words
) -> None:
    client_a.force_login(rider)
    response = client_a.post(BOOK, _form(weekday_after(1), **changes))
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Ride.objects.exists()


def test_the_network_manager_books_for_a_resident_and_prints_the_confirmation(
    client_a, ride_service: Service, bus: Vehicle, rider: User
) -> None:
    from modules.volunteer.scopes import REQUESTS
    from portal.behalf.models import Consent
    from portal.behalf.services import record_consent

    manager = UserFactory(moderator=True, email="rides-nm@example.org")
    url = f"/volunteer/rides/mobil/book/for/{rider.public_id}/"
    client_a.force_login(manager)
    assert client_a.get(url).status_code == 403  # no consent yet
    record_consent(
        recorded_by=UserFactory(moderator=True),
        person=rider,
        scopes=[REQUESTS],
        given_how=Consent.Given.PHONE,
    )
    response = client_a.post(url, _form(weekday_after(1)))
    ride = Ride.objects.get()
    assert ride.resident == rider and ride.entered_by == manager
    assert response["Location"] == f"/volunteer/rides/r/{ride.public_id}/confirmation/"
    page = client_a.get(response["Location"]).content.decode()
    assert "Marktplatz 1" in page and ride_service.contact in page


def test_who_sees_a_ride_and_its_address(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
    outsider: User,
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9), pickup_address="Geheimweg 7")
    url = ride.get_absolute_url()
    for person in (rider, coordinator):
        client_a.force_login(person)
        assert "Geheimweg 7" in client_a.get(url).content.decode()
    for person in (driver, outsider):  # the driver is not assigned (yet)
        client_a.force_login(person)
        assert client_a.get(url).status_code == 404
    assign_ride(ride=ride, driver=driver, vehicle=bus, by=coordinator)
    client_a.force_login(driver)
    assert "Geheimweg 7" in client_a.get(url).content.decode()


def test_the_resident_cancels_on_the_ride_page(
    client_a, ride_service: Service, bus: Vehicle, rider: User, outsider: User
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9))
    client_a.force_login(outsider)
    assert client_a.post(f"/volunteer/rides/r/{ride.public_id}/cancel/").status_code == 404
    client_a.force_login(rider)
    client_a.post(f"/volunteer/rides/r/{ride.public_id}/cancel/", {"reason": ""})
    assert Ride.objects.get(pk=ride.pk).status == RideStatus.CANCELLED


def test_the_coordinator_adds_changes_and_retires_a_vehicle(
    client_a, ride_service: Service, coordinator: User, rider: User
) -> None:
    url = "/volunteer/rides/mobil/vehicles/"
    client_a.force_login(rider)
    assert client_a.get(url).status_code == 403
    client_a.force_login(coordinator)
    response = client_a.post(
        url, {"name": "VW Caddy", "seats": "3", "wheelchair_places": "1", "is_active": "on"}
    )
    assert response.status_code == 302
    vehicle = Vehicle.objects.get(name="VW Caddy")
    bad = client_a.post(url, {"name": "", "seats": "30", "wheelchair_places": "0"})
    assert bad.status_code == 400 and Vehicle.objects.count() == 1
    client_a.post(
        url,
        {"vehicle": str(vehicle.pk), "name": "VW Caddy", "seats": "3", "wheelchair_places": "1"},
    )
    assert Vehicle.objects.get(pk=vehicle.pk).is_active is False


def test_the_coordinator_sets_the_driving_hours_and_area(
    client_a, ride_service: Service, coordinator: User
) -> None:
    url = "/volunteer/rides/mobil/settings/"
    client_a.force_login(coordinator)
    assert client_a.get(url).status_code == 200
    data = {
        "districts": "Süd\nNord",
        "ride_minutes": "30",
        "buffer_minutes": "10",
        "start_0": "08:00",
        "end_0": "12:00",
        "start_2": "13:00",
        "end_2": "17:00",
    }
    assert client_a.post(url, data).status_code == 302
    ride_service.refresh_from_db()
    assert ride_service.operating_hours == [
        {"weekday": 0, "start": "08:00", "end": "12:00"},
        {"weekday": 2, "start": "13:00", "end": "17:00"},
    ]
    assert ride_service.eligible_districts == ["Nord", "Süd"]  # the town's order
    bad = client_a.post(url, {**data, "start_1": "10:00", "ride_minutes": "2"})
    assert bad.status_code == 400
    ride_service.refresh_from_db()
    assert ride_service.ride_minutes == 30


def test_town_b_sees_nothing_of_town_a(
    client_b, town_b, ride_service: Service, bus: Vehicle, rider: User
) -> None:
    from django_tenants.utils import tenant_context

    ride = book(ride_service, rider, at(weekday_after(1), 9))
    with tenant_context(town_b):
        stranger = UserFactory(moderator=True, email="rides-b@example.org")
        client_b.force_login(stranger)
    assert client_b.get(ride.get_absolute_url()).status_code == 404
    assert client_b.get(BOOK).status_code == 404


# --- after review -----------------------------------------------------------------------------


def test_the_area_takes_only_the_towns_districts(
    client_a, ride_service: Service, coordinator: User
) -> None:
    client_a.force_login(coordinator)
    data = {"districts": "Nord\nAtlantis", "ride_minutes": "30", "buffer_minutes": "10"}
    bad = client_a.post("/volunteer/rides/mobil/settings/", data)
    assert bad.status_code == 400
    assert "only districts of this town" in bad.content.decode()
    ride_service.refresh_from_db()
    assert ride_service.eligible_districts == []


def test_no_bookings_for_a_service_of_an_organisation_not_approved(
    client_a, ride_service: Service, bus: Vehicle, rider: User, coordinator: User
) -> None:
    from django.core.exceptions import ValidationError

    from modules.directory.models import Organisation

    Organisation.objects.filter(pk=ride_service.organisation_id).update(
        status=Organisation.Status.PENDING
    )
    ride_service.refresh_from_db()
    day = weekday_after(1)
    client_a.force_login(rider)
    assert client_a.get(BOOK).status_code == 404
    answer = client_a.post(
        "/api/v1/volunteer/rides/",
        {
            "service": "mobil",
            "starts_at": at(day, 9).isoformat(),
            "pickup_address": "Marktplatz 1",
            "destination_address": "Klinikum",
        },
        content_type="application/json",
    )
    assert answer.status_code == 404
    with pytest.raises(ValidationError, match="no bookings"):
        book(ride_service, rider, at(day, 9))
    assert not Ride.objects.exists()
    client_a.force_login(coordinator)  # the coordinator's pages keep working
    dispatch = f"/volunteer/rides/mobil/dispatch/?day={day.isoformat()}"
    assert client_a.get(dispatch).status_code == 200
    assert client_a.get(BOOK).status_code == 404


def test_a_hidden_service_keeps_the_dispatch_page_for_the_coordinator(
    client_a, ride_service: Service, rider: User, coordinator: User
) -> None:
    Service.objects.filter(pk=ride_service.pk).update(is_hidden=True)
    client_a.force_login(coordinator)
    assert client_a.get("/volunteer/rides/mobil/dispatch/").status_code == 200
    client_a.force_login(rider)
    assert client_a.get("/volunteer/rides/mobil/dispatch/").status_code == 404


def test_a_time_skipped_in_spring_is_refused_on_the_form(
    client_a, ride_service: Service, bus: Vehicle, rider: User
) -> None:
    from datetime import date

    from django.core.exceptions import ValidationError

    from modules.volunteer.ride_hours import at_wall_clock

    spring = date(2027, 3, 28)  # the clocks go from 2:00 to 3:00
    client_a.force_login(rider)
    response = client_a.post(BOOK, _form(spring, pickup_time="02:30"))
    assert response.status_code == 400
    assert "does not exist" in str(response.context["form"].errors["pickup_time"])
    assert not Ride.objects.exists()
    with pytest.raises(ValidationError, match="does not exist"):
        at_wall_clock(spring, time(2, 30))
    assert at_wall_clock(spring, time(3, 30)).hour == 3


def test_open_rides_show_districts_and_the_way_back_only_where_it_starts(
    client_a, ride_service: Service, bus: Vehicle, rider: User, driver: User
) -> None:
    day = weekday_after(1)
    book(
        ride_service,
        rider,
        at(day, 9),
        return_at=at(day, 12),
        pickup_address="Geheimweg 7",
        pickup_district="Nord",
        destination_address="Klinikum",
        destination_district="Süd",
    )
    client_a.force_login(driver)
    page = client_a.get("/volunteer/rides/mobil/open/")
    assert len(page.context["rows"]) == 2
    body = page.content.decode()
    assert "Geheimweg" not in body  # not the home, neither as pick-up nor as destination
    assert "Back from Klinikum" in body  # the way back: where it starts
    assert body.count("Klinikum") == 1  # the way there: only the district
