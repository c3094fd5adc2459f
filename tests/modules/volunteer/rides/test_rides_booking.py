"""Booking a ride: the checks (past, driving hours, area, return before the ride ends, seats,
wheelchair, eligibility) each give a clear message and change nothing; a return ride; the
unmet-demand counts; booking on the phone for a resident needs their consent and is audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from modules.volunteer.models import DemandEvent, DemandStep, Service
from modules.volunteer.models_rides import Ride, RideStatus, Vehicle
from portal.accounts.audit import AuditEntry
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.modules.volunteer.rides_setup import at, book, weekday_after

pytestmark = pytest.mark.django_db


def _problems(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_resident_books_a_ride_with_a_way_back(
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    mailoutbox: list,
    django_capture_on_commit_callbacks,
) -> None:
    # given a Tuesday 9:00 and a way back at 11:30
    tuesday = weekday_after(1)
    # when the resident books
    with django_capture_on_commit_callbacks(execute=True):
        ride = book(ride_service, rider, at(tuesday, 9), return_at=at(tuesday, 11, 30))
    # then the ride is open, ends after the planned minutes plus the buffer, and has its way back
    assert ride.status == RideStatus.OPEN
    assert ride.ends_at == at(tuesday, 9) + timedelta(minutes=ride_service.ride_minutes)
    assert ride.busy_until == ride.ends_at + timedelta(minutes=ride_service.buffer_minutes)
    back = Ride.objects.get(outward=ride)
    assert back.pickup_address == ride.destination_address
    assert back.destination_address == ride.pickup_address
    assert back.starts_at == at(tuesday, 11, 30)
    # and the resident got one confirmation naming the way back, and the booking is counted
    assert [m.to for m in mailoutbox] == [[rider.email]]
    assert "11:30" in mailoutbox[0].body and "Marktplatz 1" in mailoutbox[0].body
    assert DemandEvent.objects.filter(service=ride_service, step=DemandStep.REQUESTED).count() == 1


@pytest.mark.parametrize(
    ("when", "field", "words"),
    [
        (lambda: timezone.now() - timedelta(hours=1), "starts_at", "has passed"),
        (lambda: at(weekday_after(5), 10), "starts_at", "does not drive on Saturday"),
        (lambda: at(weekday_after(0), 7), "starts_at", "outside the driving hours"),
        # 17:30 + 45 minutes ends after 18:00: the whole ride must fit
        (lambda: at(weekday_after(0), 17, 30), "starts_at", "outside the driving hours"),
    ],
)
def test_a_time_outside_the_driving_hours_is_refused(
    ride_service: Service, bus: Vehicle, rider: User, when, field, words
) -> None:
    with pytest.raises(ValidationError) as exc:
        book(ride_service, rider, when())
    assert any(words in m for m in _problems(exc)[field])
    assert not Ride.objects.exists()


def test_a_way_back_before_the_ride_there_ends_is_refused(
    ride_service: Service, bus: Vehicle, rider: User
) -> None:
    tuesday = weekday_after(1)
    with pytest.raises(ValidationError) as exc:
        book(ride_service, rider, at(tuesday, 9), return_at=at(tuesday, 9, 30))
    assert "at the earliest" in _problems(exc)["return_at"][0]
    assert not Ride.objects.exists()


def test_districts_outside_the_area_are_refused_and_counted(
    ride_service: Service, bus: Vehicle, rider: User
) -> None:
    Service.objects.filter(pk=ride_service.pk).update(
        eligible_districts=["Kernstadt", "Merklingen"]
    )
    ride_service.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        book(
            ride_service,
            rider,
            at(weekday_after(1), 9),
            pickup_district="Renningen",
            destination_district="Stuttgart",
        )
    problems = _problems(exc)
    assert any("only for people living in" in m for m in problems["pickup_district"])
    assert any("only drives to places in" in m for m in problems["destination_district"])
    assert not Ride.objects.exists()
    assert DemandEvent.objects.filter(step=DemandStep.REFUSED, rule="district").count() == 1


def test_too_many_passengers_and_a_wheelchair_without_place_are_refused(
    ride_service: Service, car: Vehicle, rider: User
) -> None:
    # the only vehicle has three seats and no wheelchair place
    with pytest.raises(ValidationError) as exc:
        book(
            ride_service,
            rider,
            at(weekday_after(1), 9),
            passengers=3,
            companion=True,
            wheelchair=True,
        )
    problems = _problems(exc)
    assert "largest vehicle has 3 seats" in problems["passengers"][0]
    assert "wheelchair" in problems["wheelchair"][0]
    assert not Ride.objects.exists()


def test_every_problem_is_named_at_once(ride_service: Service, bus: Vehicle, rider: User) -> None:
    with pytest.raises(ValidationError) as exc:
        book(
            ride_service,
            rider,
            at(weekday_after(6), 9),
            pickup_address="",
            destination_address="x" * 301,
            phone="call me",
            passengers=9,
        )
    assert set(_problems(exc)) >= {
        "pickup_address",
        "destination_address",
        "phone",
        "passengers",
        "starts_at",
    }


def test_the_minimum_age_asks_for_the_date_of_birth(
    ride_service: Service, bus: Vehicle, rider: User
) -> None:
    Service.objects.filter(pk=ride_service.pk).update(min_age=65)
    ride_service.refresh_from_db()
    start = at(weekday_after(1), 9)
    with pytest.raises(ValidationError) as exc:
        book(ride_service, rider, start)
    assert "date of birth" in _problems(exc)["birth_date"][0]
    with pytest.raises(ValidationError) as exc:
        book(ride_service, rider, start, birth_date=date(2000, 1, 1))
    assert "65 and over" in _problems(exc)["birth_date"][0]
    assert book(ride_service, rider, start, birth_date=date(1950, 1, 1)).pk


def test_markup_is_kept_as_text(ride_service: Service, bus: Vehicle, rider: User) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9), note="<script>alert(1)</script>")
    assert ride.note == "<script>alert(1)</script>"


def test_the_network_manager_books_on_the_phone_with_consent(
    ride_service: Service, bus: Vehicle, rider: User, mailoutbox: list
) -> None:
    # given a network manager and the resident's consent in the volunteer scope
    manager = UserFactory(moderator=True, email="rides-manager@example.org")
    _consent(person=rider, recorded_by=UserFactory(moderator=True))
    # when the manager books for the resident
    ride = book_for(ride_service, rider, manager)
    # then the ride is the resident's, entered by the manager, audited with both
    assert ride.resident == rider and ride.entered_by == manager
    entry = AuditEntry.objects.get(action="volunteer_ride_booked_for")
    assert entry.actor == manager and entry.on_behalf_of == rider


def test_booking_for_someone_without_consent_is_refused(
    ride_service: Service, bus: Vehicle, rider: User, coordinator: User
) -> None:
    manager = UserFactory(moderator=True, email="rides-manager2@example.org")
    with pytest.raises(PermissionDenied):
        book_for(ride_service, rider, manager)
    # the coordinator is no network manager: acting for someone is theirs only via a moderator
    with pytest.raises(PermissionDenied):
        book_for(ride_service, rider, coordinator)
    assert not Ride.objects.exists()
    assert not AuditEntry.objects.filter(action="volunteer_ride_booked_for").exists()


def _consent(*, person: User, recorded_by: User) -> None:
    from modules.volunteer.scopes import REQUESTS
    from portal.behalf.models import Consent
    from portal.behalf.services import record_consent

    record_consent(
        recorded_by=recorded_by, person=person, scopes=[REQUESTS], given_how=Consent.Given.PHONE
    )


def book_for(service: Service, resident: User, by: User) -> Ride:
    from modules.volunteer.services.rides import book_ride
    from tests.modules.volunteer.rides_setup import trip

    return book_ride(
        service=service,
        resident=resident,
        booked_by=by,
        starts_at=at(weekday_after(1), 9),
        **trip(),
    )
