"""Assigning rides: the dispatcher's conflict checks (driver or vehicle busy, with the
buffer; seats; wheelchair; no valid licence), the exclusion constraint as the last line,
drivers taking open rides (the first wins, also in two threads at once), handing back and
cancelling with notice to the other side, and the dispatcher's day page in constant queries."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from modules.volunteer.models import Helper, Service
from modules.volunteer.models_rides import Ride, RideStatus, Vehicle
from modules.volunteer.services import ride_mails
from modules.volunteer.services.rides import (
    assign_ride,
    cancel_ride,
    take_ride,
    unassign_ride,
)
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.modules.volunteer.rides_setup import at, book, make_driver, weekday_after

pytestmark = pytest.mark.django_db


def test_the_dispatcher_assigns_a_driver_and_a_vehicle(
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
    mailoutbox: list,
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9))
    assign_ride(ride=ride, driver=driver, vehicle=bus, by=coordinator)
    ride.refresh_from_db()
    assert (ride.status, ride.driver, ride.vehicle, ride.assigned_by) == (
        RideStatus.ASSIGNED,
        driver,
        bus,
        coordinator,
    )


def test_only_the_dispatcher_assigns(
    ride_service: Service, bus: Vehicle, rider: User, driver: User, outsider: User
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9))
    for who in (outsider, rider, driver):
        with pytest.raises(PermissionDenied):
            assign_ride(ride=ride, driver=driver, vehicle=bus, by=who)
    assert Ride.objects.get(pk=ride.pk).status == RideStatus.OPEN


def test_a_busy_driver_or_vehicle_is_refused_including_the_buffer(
    ride_service: Service,
    bus: Vehicle,
    car: Vehicle,
    rider: User,
    driver: User,
    other_driver: User,
    coordinator: User,
) -> None:
    day = weekday_after(1)
    first = book(ride_service, rider, at(day, 9))
    assign_ride(ride=first, driver=driver, vehicle=bus, by=coordinator)
    # 9:00 + 45 min ride + 15 min buffer: busy until 10:00; a ride at 9:50 overlaps
    second = book(ride_service, rider, at(day, 9, 50))
    with pytest.raises(ValidationError) as exc:
        assign_ride(ride=second, driver=driver, vehicle=car, by=coordinator)
    assert "driver has another ride" in exc.value.message_dict["driver"][0]
    with pytest.raises(ValidationError) as exc:
        assign_ride(ride=second, driver=other_driver, vehicle=bus, by=coordinator)
    assert "vehicle is on another ride" in exc.value.message_dict["vehicle"][0]
    assert Ride.objects.get(pk=second.pk).status == RideStatus.OPEN
    # at 10:00 the driver and the bus are free again
    third = book(ride_service, rider, at(day, 10))
    assign_ride(ride=third, driver=driver, vehicle=bus, by=coordinator)


def test_a_vehicle_too_small_or_without_wheelchair_place_is_refused(
    ride_service: Service,
    bus: Vehicle,
    car: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
) -> None:
    ride = book(
        ride_service, rider, at(weekday_after(1), 9), passengers=3, companion=True, wheelchair=True
    )
    with pytest.raises(ValidationError) as exc:
        assign_ride(ride=ride, driver=driver, vehicle=car, by=coordinator)
    assert "3 seats; this ride needs 4" in exc.value.message_dict["vehicle"][0]
    Vehicle.objects.filter(pk=car.pk).update(seats=5)
    car.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        assign_ride(ride=ride, driver=driver, vehicle=car, by=coordinator)
    assert "no place for a wheelchair" in exc.value.message_dict["vehicle"][0]


def test_a_driver_without_a_valid_licence_is_refused(
    ride_service: Service, bus: Vehicle, rider: User, coordinator: User
) -> None:
    unvetted = UserFactory(email="rides-unvetted@example.org")
    Helper.objects.create(service=ride_service, user=unvetted)
    ride = book(ride_service, rider, at(weekday_after(1), 9))
    with pytest.raises(ValidationError) as exc:
        assign_ride(ride=ride, driver=unvetted, vehicle=bus, by=coordinator)
    assert "not a vetted helper" in exc.value.message_dict["driver"][0]


def test_the_exclusion_constraint_is_the_last_line(
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    other_driver: User,
    coordinator: User,
) -> None:
    day = weekday_after(1)
    first = book(ride_service, rider, at(day, 9))
    second = book(ride_service, rider, at(day, 9, 30))
    assign_ride(ride=first, driver=driver, vehicle=bus, by=coordinator)
    # written past the services: the database refuses the overlap
    with pytest.raises(IntegrityError), transaction.atomic():
        Ride.objects.filter(pk=second.pk).update(
            status=RideStatus.ASSIGNED, driver=driver, vehicle=bus
        )


def test_a_driver_takes_an_open_ride_and_the_next_hears_it_is_taken(
    ride_service: Service,
    bus: Vehicle,
    car: Vehicle,
    rider: User,
    driver: User,
    other_driver: User,
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9))
    take_ride(ride=ride, driver=driver, vehicle=bus)
    with pytest.raises(ValidationError) as exc:
        take_ride(ride=ride, driver=other_driver, vehicle=car)
    assert "already taken" in exc.value.messages[0]
    assert Ride.objects.get(pk=ride.pk).driver == driver


def test_someone_who_is_no_driver_cannot_take_a_ride(
    ride_service: Service, bus: Vehicle, rider: User, outsider: User
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9))
    with pytest.raises(ValidationError):
        take_ride(ride=ride, driver=outsider, vehicle=bus)
    assert Ride.objects.get(pk=ride.pk).status == RideStatus.OPEN


def test_the_resident_cancels_and_the_driver_is_told(
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
    mailoutbox: list,
    django_capture_on_commit_callbacks,
) -> None:
    day = weekday_after(1)
    ride = book(ride_service, rider, at(day, 9), return_at=at(day, 12))
    assign_ride(ride=ride, driver=driver, vehicle=bus, by=coordinator)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ride(ride=ride, by=rider)
    assert Ride.objects.get(pk=ride.pk).status == RideStatus.CANCELLED
    assert Ride.objects.get(outward=ride).status == RideStatus.CANCELLED  # the way back too
    told = {address for mail in mailoutbox for address in mail.to}
    assert driver.email in told and coordinator.email in told and rider.email not in told


def test_the_dispatcher_cancels_with_a_reason_and_the_resident_is_told(
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    coordinator: User,
    outsider: User,
    mailoutbox: list,
    django_capture_on_commit_callbacks,
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9))
    with pytest.raises(ValidationError):
        cancel_ride(ride=ride, by=coordinator, reason="x" * 501)
    with pytest.raises(PermissionDenied):
        cancel_ride(ride=ride, by=outsider, reason="Einfach so")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ride(ride=ride, by=coordinator, reason="Das Fahrzeug ist in der Werkstatt")
    assert [m.to for m in mailoutbox] == [[rider.email]]
    assert "Werkstatt" in mailoutbox[0].body


def test_the_driver_hands_a_ride_back_and_the_dispatcher_is_told(
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    other_driver: User,
    coordinator: User,
    mailoutbox: list,
    django_capture_on_commit_callbacks,
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9))
    take_ride(ride=ride, driver=driver, vehicle=bus)
    with pytest.raises(PermissionDenied):
        unassign_ride(ride=ride, by=other_driver)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        unassign_ride(ride=ride, by=driver)
    ride.refresh_from_db()
    assert ride.status == RideStatus.OPEN and ride.driver is None
    assert [m.to for m in mailoutbox] == [[coordinator.email]]


def test_the_dispatch_page_lists_open_rides_first_with_free_drivers(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    car: Vehicle,
    rider: User,
    driver: User,
    other_driver: User,
    coordinator: User,
) -> None:
    day = weekday_after(1)
    taken = book(ride_service, rider, at(day, 8))
    assign_ride(ride=taken, driver=driver, vehicle=bus, by=coordinator)
    book(ride_service, rider, at(day, 8, 30), destination_address="Rathaus")
    client_a.force_login(coordinator)
    response = client_a.get(f"/volunteer/rides/mobil/dispatch/?day={day.isoformat()}")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.ride.status for row in rows] == [RideStatus.OPEN, RideStatus.ASSIGNED]
    # driver and bus are busy at 8:30; the other driver and the car are free
    assert rows[0].drivers == [other_driver] and rows[0].vehicles == [car]


def test_the_dispatch_page_takes_constant_queries(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    car: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
    django_assert_max_num_queries,
) -> None:
    day = weekday_after(1)
    client_a.force_login(coordinator)
    url = f"/volunteer/rides/mobil/dispatch/?day={day.isoformat()}"
    book(ride_service, rider, at(day, 8))
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as few:
        client_a.get(url)
    for hour in range(9, 16):
        ride = book(ride_service, rider, at(day, hour))
        if hour % 2:
            make_driver(ride_service, f"rides-q{hour}@example.org")
            assign_ride(ride=ride, driver=driver, vehicle=bus, by=coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client_a.get(url).status_code == 200


def test_the_open_rides_page_offers_what_the_driver_is_free_for(
    client_a, ride_service: Service, bus: Vehicle, rider: User, driver: User, outsider: User
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9), pickup_address="Geheimweg 7")
    client_a.force_login(driver)
    page = client_a.get("/volunteer/rides/mobil/open/")
    assert [row.ride for row in page.context["rows"]] == [ride]
    assert "Geheimweg 7" not in page.content.decode()  # the address only once taken
    response = client_a.post(f"/volunteer/rides/r/{ride.public_id}/take/", {"vehicle": str(bus.pk)})
    assert response.status_code == 302
    assert Ride.objects.get(pk=ride.pk).driver == driver
    client_a.force_login(outsider)
    assert client_a.get("/volunteer/rides/mobil/open/").context["rows"] == []


# --- two drivers at once ----------------------------------------------------------------------

SCHEMA = "scratch_volunteer_ride_races"


def _in_threads(calls: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(calls), timeout=60)
    results: list[Any] = [None] * len(calls)

    def worker(number: int) -> None:
        try:
            connection.set_schema(SCHEMA)
            barrier.wait()
            results[number] = calls[number]()
        except BaseException as failure:
            results[number] = failure
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_drivers_taking_one_ride_at_once_one_gets_it(monkeypatch) -> None:
    from tests.factories.volunteer import HelperFactory, RideServiceFactory, VehicleFactory
    from tests.scratch_schema import scratch_schema

    # the mails are not the point (and a scratch schema is no town to send from)
    for name in ("booked", "assigned", "unassigned", "cancelled"):
        monkeypatch.setattr(ride_mails, name, lambda *args, **kwargs: None)
    with scratch_schema(SCHEMA):
        service = RideServiceFactory()
        first = VehicleFactory(service=service, name="Eins")
        second = VehicleFactory(service=service, name="Zwei")
        anna = HelperFactory(service=service, user=UserFactory(email="anna@example.org")).user
        bert = HelperFactory(service=service, user=UserFactory(email="bert@example.org")).user
        rider = UserFactory(email="fahrgast@example.org")
        for round_ in range(3):
            ride = book(service, rider, at(weekday_after(1), 9) + timedelta(hours=2 * round_))
            results = _in_threads(
                [
                    lambda ride=ride: take_ride(ride=ride, driver=anna, vehicle=first),
                    lambda ride=ride: take_ride(ride=ride, driver=bert, vehicle=second),
                ]
            )
            won = [r for r in results if isinstance(r, Ride)]
            lost = [r for r in results if isinstance(r, ValidationError)]
            assert len(won) == 1 and len(lost) == 1, results
            assert "already taken" in lost[0].messages[0]
            ride.refresh_from_db()
            assert ride.driver_id == won[0].driver_id


# --- after review -----------------------------------------------------------------------------


def test_giving_an_assigned_ride_to_another_driver_tells_the_first(
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    other_driver: User,
    coordinator: User,
    mailoutbox: list,
    django_capture_on_commit_callbacks,
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9))
    assign_ride(ride=ride, driver=driver, vehicle=bus, by=coordinator)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assign_ride(ride=ride, driver=other_driver, vehicle=bus, by=coordinator)
    told = {address for mail in mailoutbox for address in mail.to}
    assert driver.email in told and other_driver.email in told
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # same driver, other vehicle
        assign_ride(ride=ride, driver=other_driver, vehicle=bus, by=coordinator)
    assert driver.email not in {address for mail in mailoutbox for address in mail.to}


def test_nobody_drives_their_own_ride(
    ride_service: Service, bus: Vehicle, driver: User, coordinator: User
) -> None:
    ride = book(ride_service, driver, at(weekday_after(1), 9))
    with pytest.raises(ValidationError) as exc:
        assign_ride(ride=ride, driver=driver, vehicle=bus, by=coordinator)
    assert "own ride" in exc.value.message_dict["driver"][0]
    with pytest.raises(ValidationError):
        take_ride(ride=ride, driver=driver, vehicle=bus)
    assert Ride.objects.get(pk=ride.pk).status == RideStatus.OPEN


def _started(ride: Ride) -> None:
    """Move a booked ride to have started ten minutes ago."""
    from django.utils import timezone

    starts = timezone.now() - timedelta(minutes=10)
    Ride.objects.filter(pk=ride.pk).update(
        starts_at=starts,
        ends_at=starts + timedelta(minutes=45),
        busy_until=starts + timedelta(minutes=60),
    )


def test_a_started_ride_is_cancelled_or_handed_back_only_by_the_dispatcher(
    ride_service: Service, bus: Vehicle, rider: User, driver: User, coordinator: User
) -> None:
    ride = book(ride_service, rider, at(weekday_after(1), 9))
    assign_ride(ride=ride, driver=driver, vehicle=bus, by=coordinator)
    _started(ride)
    with pytest.raises(ValidationError, match="already started"):
        cancel_ride(ride=ride, by=rider)
    with pytest.raises(ValidationError, match="already started"):
        unassign_ride(ride=ride, by=driver)
    assert Ride.objects.get(pk=ride.pk).status == RideStatus.ASSIGNED
    cancel_ride(ride=ride, by=coordinator, reason="Fahrzeug defekt")
    assert Ride.objects.get(pk=ride.pk).status == RideStatus.CANCELLED


def test_the_dispatchers_changes_to_a_residents_ride_are_audited(
    ride_service: Service, bus: Vehicle, rider: User, driver: User, coordinator: User
) -> None:
    from portal.accounts.models import AuditEntry

    day = weekday_after(1)
    ride = book(ride_service, rider, at(day, 9))
    assign_ride(ride=ride, driver=driver, vehicle=bus, by=coordinator)
    unassign_ride(ride=ride, by=coordinator)
    assign_ride(ride=ride, driver=driver, vehicle=bus, by=coordinator)
    unassign_ride(ride=ride, by=driver)  # the driver hands it back: not the dispatcher
    cancel_ride(ride=ride, by=coordinator)
    entries = AuditEntry.objects.filter(action__startswith="volunteer_ride_").order_by("pk")
    assert [(e.action, e.actor, e.subject, e.target_key) for e in entries] == [
        (action, coordinator, rider, str(ride.public_id))
        for action in (
            "volunteer_ride_assigned",
            "volunteer_ride_unassigned",
            "volunteer_ride_assigned",
            "volunteer_ride_cancelled",
        )
    ]
    mine = book(ride_service, rider, at(day, 14))
    cancel_ride(ride=mine, by=rider)  # the resident's own: no entry
    assert AuditEntry.objects.filter(action__startswith="volunteer_ride_").count() == 4


def test_a_driver_busy_for_another_service_is_not_free(
    client_a,
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    other_driver: User,
    coordinator: User,
) -> None:
    from modules.volunteer.selectors_rides import dispatch_board, open_rides_for
    from portal.letters.periods import town_today
    from tests.factories.volunteer import HelperFactory, RideServiceFactory, VehicleFactory

    other = RideServiceFactory(coordinator=coordinator, slug="bus2", title="Bürgerbus")
    HelperFactory(service=other, user=driver)
    van = VehicleFactory(service=other, name="Van", seats=6, wheelchair_places=1)
    day = weekday_after(1)
    elsewhere = book(other, rider, at(day, 9))
    assign_ride(ride=elsewhere, driver=driver, vehicle=van, by=coordinator)
    ride = book(ride_service, rider, at(day, 9, 30))
    [row] = dispatch_board(ride_service, day=day)
    assert row.ride == ride and row.drivers == [other_driver]
    assert open_rides_for(driver, ride_service, today=town_today()) == []
    assert [r.ride for r in open_rides_for(other_driver, ride_service, today=town_today())] == [
        ride
    ]
