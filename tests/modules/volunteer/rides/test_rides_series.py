"""Repeating rides: weekly and fortnightly expansion in the town's zone (9:00 stays 9:00
across the last Sundays of March and October), a last day required and at most twelve
months ahead, dates outside the driving hours skipped and named, cancelling the series."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from modules.volunteer.models import Service
from modules.volunteer.models_rides import Frequency, Ride, RideSeries, RideStatus, Vehicle
from modules.volunteer.services.rides import assign_ride
from modules.volunteer.services.series import book_series, cancel_series, latest_last_day
from portal.accounts.models import User
from portal.letters.periods import town_today, town_zone
from tests.modules.volunteer.rides_setup import trip, weekday_after

pytestmark = pytest.mark.django_db


def series(service: Service, resident: User, **changes: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "frequency": Frequency.WEEKLY,
        "weekday": 1,
        "pickup_time": time(9),
        "return_time": None,
        "first_day": weekday_after(1),
        "last_day": weekday_after(1) + timedelta(days=28),
        **trip(),
    }
    values.update(changes)
    return book_series(service=service, resident=resident, **values)  # type: ignore[arg-type]


def last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def next_change(month: int) -> date:
    today = town_today()
    sunday = last_sunday(today.year, month)
    if sunday - timedelta(days=13) < today:
        sunday = last_sunday(today.year + 1, month)
    return sunday


@pytest.mark.parametrize("month", [3, 10])
def test_nine_stays_nine_across_the_change_of_summer_time(
    ride_service: Service, bus: Vehicle, rider: User, month: int
) -> None:
    # given the Tuesdays around the last Sunday of March (October)
    sunday = next_change(month)
    booked = series(
        ride_service,
        rider,
        first_day=sunday - timedelta(days=12),
        last_day=sunday + timedelta(days=9),
        return_time=time(11, 30),
    )
    # then every ride is at 9:00 town time, the way back at 11:30, before and after the change
    outward = [r for r in booked.rides]
    assert len(outward) == 4 and not booked.skipped
    local = [r.starts_at.astimezone(town_zone()) for r in outward]
    assert {(t.hour, t.minute) for t in local} == {(9, 0)}
    assert len({t.utcoffset() for t in local}) == 2  # the offset changed in between
    backs = Ride.objects.filter(series=booked.series, outward__isnull=False)
    assert {r.starts_at.astimezone(town_zone()).time() for r in backs} == {time(11, 30)}


def test_fortnightly_takes_every_second_week(
    ride_service: Service, bus: Vehicle, rider: User
) -> None:
    first = weekday_after(3)
    booked = series(
        ride_service,
        rider,
        frequency=Frequency.FORTNIGHTLY,
        weekday=3,
        first_day=first,
        last_day=first + timedelta(days=42),
    )
    days = [r.starts_at.astimezone(town_zone()).date() for r in booked.rides]
    assert days == [first + timedelta(days=14 * n) for n in range(4)]


def test_a_last_day_is_required_and_at_most_twelve_months_ahead(
    ride_service: Service, bus: Vehicle, rider: User
) -> None:
    with pytest.raises(ValidationError) as exc:
        series(ride_service, rider, last_day=None)
    assert "last day" in exc.value.message_dict["last_day"][0]
    with pytest.raises(ValidationError) as exc:
        series(ride_service, rider, last_day=latest_last_day(town_today()) + timedelta(days=1))
    assert "at most 12 months" in exc.value.message_dict["last_day"][0]
    with pytest.raises(ValidationError) as exc:
        series(
            ride_service,
            rider,
            first_day=weekday_after(1),
            last_day=weekday_after(1) - timedelta(days=1),
        )
    assert "must not be before" in exc.value.message_dict["last_day"][0]
    assert not RideSeries.objects.exists() and not Ride.objects.exists()


def test_dates_outside_the_driving_hours_are_skipped_and_named(
    ride_service: Service, bus: Vehicle, rider: User
) -> None:
    # given Tuesdays drive only until 9:30: a 9:00 ride (45 minutes) never fits
    hours = [h for h in ride_service.operating_hours if h["weekday"] != 1]
    Service.objects.filter(pk=ride_service.pk).update(
        operating_hours=[*hours, {"weekday": 1, "start": "08:00", "end": "09:30"}]
    )
    ride_service.refresh_from_db()
    # then no date fits: a clear refusal naming why, nothing written
    with pytest.raises(ValidationError) as exc:
        series(ride_service, rider)
    assert "None of the dates" in exc.value.messages[0]
    assert "outside the driving hours" in exc.value.messages[1]
    assert not RideSeries.objects.exists()


def test_a_date_that_has_passed_is_skipped_and_named(
    ride_service: Service, bus: Vehicle, rider: User
) -> None:
    # given it is Tuesday noon, and the series starts today at 9:00
    tuesday = weekday_after(1)
    with time_machine.travel(datetime.combine(tuesday, time(12), tzinfo=town_zone())):
        booked = series(
            ride_service, rider, first_day=tuesday, last_day=tuesday + timedelta(days=14)
        )
    # then today's ride is listed as skipped, the two later ones are booked
    assert [s.day for s in booked.skipped] == [tuesday]
    assert "passed" in booked.skipped[0].reason
    assert len(booked.rides) == 2


def test_the_series_is_cancelled_at_once(
    ride_service: Service,
    bus: Vehicle,
    rider: User,
    driver: User,
    coordinator: User,
    outsider: User,
) -> None:
    booked = series(ride_service, rider)
    assign_ride(ride=booked.rides[0], driver=driver, vehicle=bus, by=coordinator)
    with pytest.raises(PermissionDenied):
        cancel_series(series=booked.series, by=outsider)
    assert cancel_series(series=booked.series, by=rider) == 5
    assert set(Ride.objects.filter(series=booked.series).values_list("status", flat=True)) == {
        RideStatus.CANCELLED
    }
    with pytest.raises(ValidationError):
        cancel_series(series=booked.series, by=rider)


def test_a_time_that_does_not_exist_in_spring_is_skipped_and_named(
    ride_service: Service, bus: Vehicle, rider: User
) -> None:
    # given Sunday rides at 2:30, around the Sunday the clocks go from 2:00 to 3:00
    ride_service.operating_hours = [{"weekday": 6, "start": "00:00", "end": "23:00"}]
    ride_service.save(update_fields=["operating_hours"])
    sunday = next_change(3)
    booked = series(
        ride_service,
        rider,
        weekday=6,
        pickup_time=time(2, 30),
        first_day=sunday - timedelta(days=7),
        last_day=sunday + timedelta(days=7),
    )
    # then that Sunday is skipped with the reason, not moved to 3:30
    assert [s.day for s in booked.skipped] == [sunday]
    assert "does not exist" in booked.skipped[0].reason
    local = [r.starts_at.astimezone(town_zone()) for r in booked.rides]
    assert [(t.date(), t.time()) for t in local] == [
        (sunday - timedelta(days=7), time(2, 30)),
        (sunday + timedelta(days=7), time(2, 30)),
    ]
