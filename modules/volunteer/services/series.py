"""Repeating bookings ("every Tuesday at 9:00 to the doctor"): weekly or fortnightly on one
weekday from a first to a last day, at most twelve months ahead.

Each date becomes an ordinary ride at the wall-clock time in the town's zone, so 9:00 stays
9:00 across the change to and from summer time. A date that does not fit the driving hours
(a holiday closing, a shorter day) is skipped and named to the person, never silently
dropped; so is a date on which the time does not exist (the hour skipped in
spring). Cancelling a series cancels all its rides that have not happened yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.letters.periods import town_today, town_zone
from portal.validation import Errors

from ..access import may_coordinate
from ..models import DemandStep, Service
from ..models_rides import Frequency, Ride, RideSeries, RideStatus
from ..ride_hours import at_wall_clock, hours_problem, missing_time_problem, ride_end
from . import ride_mails
from .rides import (
    _cancel_one,
    _resident_side,
    booking_person,
    check_booking,
    new_ride,
    return_trip,
)

MAX_MONTHS = 12
# A day without a change of the clocks, to compare the two times of a series.
PLAIN_DAY = date(2001, 1, 8)


@dataclass(frozen=True)
class Skipped:
    day: date
    reason: str


@dataclass
class SeriesBooked:
    series: RideSeries
    rides: list[Ride] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def latest_last_day(today: date) -> date:
    """Twelve months from today (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def series_dates(*, first_day: date, last_day: date, weekday: int, frequency: str) -> list[date]:
    """The days of the series: the first `weekday` on or after `first_day`, then every one
    or two weeks up to `last_day`."""
    day = first_day + timedelta(days=(weekday - first_day.weekday()) % 7)
    step = timedelta(days=14 if frequency == Frequency.FORTNIGHTLY else 7)
    days = []
    while day <= last_day:
        days.append(day)
        day += step
    return days


def book_series(
    *,
    service: Service,
    resident: User,
    booked_by: User | None = None,
    frequency: str,
    weekday: int,
    pickup_time: time,
    return_time: time | None = None,
    first_day: date,
    last_day: date | None,
    pickup_address: str,
    pickup_district: str,
    destination_address: str,
    destination_district: str,
    passengers: int = 1,
    wheelchair: bool = False,
    companion: bool = False,
    note: str = "",
    phone: str = "",
    birth_date: date | None = None,
) -> SeriesBooked:
    """Book a repeating ride; the result lists the rides made and the dates skipped (with
    why). Every problem with the series itself is named at once and nothing is written."""
    with transaction.atomic():
        person, entered_by = booking_person(resident=resident, booked_by=booked_by)
    errors = Errors()
    trip = check_booking(
        errors,
        service=service,
        resident=person,
        birth_date=birth_date,
        pickup_address=pickup_address,
        pickup_district=pickup_district,
        destination_address=destination_address,
        destination_district=destination_district,
        passengers=passengers,
        wheelchair=wheelchair,
        companion=companion,
        note=note,
        phone=phone,
    )
    today = town_today()
    if frequency not in Frequency.values:
        errors.add("frequency", _("Please choose every week or every second week."))
    if weekday not in range(7):
        errors.add("weekday", _("Please choose a weekday."))
    errors.moment("first_day", first_day)
    if first_day < today:
        errors.add("first_day", _("The first day has passed. Please choose a later day."))
    if last_day is None:
        errors.add("last_day", _("Please give the last day of the series."))
    else:
        errors.moment("last_day", last_day)
        if last_day < first_day:
            errors.add("last_day", _("The last day must not be before the first day."))
        elif last_day > latest_last_day(today):
            errors.add(
                "last_day",
                _("A series can run for at most 12 months, until %(day)s. Please book again then.")
                % {"day": f"{latest_last_day(today):%d.%m.%Y}"},
            )
    if return_time is not None and at_wall_clock(PLAIN_DAY, return_time) < ride_end(
        service, at_wall_clock(PLAIN_DAY, pickup_time)
    ):
        errors.add("return_time", _("The way back must start after the ride there ends."))
    errors.raise_if_any()
    assert last_day is not None
    planned: list[tuple[datetime, datetime | None]] = []
    skipped: list[Skipped] = []
    now = timezone.now()
    for day in series_dates(
        first_day=first_day, last_day=last_day, weekday=weekday, frequency=frequency
    ):
        missing = missing_time_problem(day, pickup_time) or (
            missing_time_problem(day, return_time) if return_time is not None else None
        )
        if missing:
            skipped.append(Skipped(day, missing))
            continue
        start = at_wall_clock(day, pickup_time)
        back = at_wall_clock(day, return_time) if return_time is not None else None
        problem = _("This time has passed.") if start <= now else hours_problem(service, start)
        if problem is None and back is not None:
            problem = hours_problem(service, back)
        if problem:
            skipped.append(Skipped(day, problem))
        else:
            planned.append((start, back))
    if not planned:
        raise ValidationError(
            {
                "__all__": [_("None of the dates of this series fits the driving hours.")]
                + [f"{s.day:%d.%m.%Y}: {s.reason}" for s in skipped[:3]]
            }
        )
    with transaction.atomic():
        person, entered_by = booking_person(resident=resident, booked_by=booked_by)
        series = RideSeries.objects.create(
            service=service,
            resident=person,
            frequency=frequency,
            first_day=planned[0][0].astimezone(town_zone()).date(),
            last_day=last_day,
            pickup_time=pickup_time,
            return_time=return_time,
        )
        result = SeriesBooked(series=series, skipped=skipped)
        for start, back in planned:
            ride = new_ride(
                service=service, resident=person, entered_by=entered_by, trip=trip, starts_at=start
            )
            ride.series = series
            ride.save()
            result.rides.append(ride)
            if back is not None:
                way_back = new_ride(
                    service=service,
                    resident=person,
                    entered_by=entered_by,
                    trip=return_trip(trip),
                    starts_at=back,
                )
                way_back.series = series
                way_back.outward = ride
                way_back.save()
        if entered_by is not None:
            record_audit(
                actor=entered_by,
                action="volunteer_series_booked_for",
                on_behalf_of=person,
                target=series,
            )
        ride_mails.booked(result.rides[0])
    from ..demand import record_demand

    record_demand(service=service, step=DemandStep.REQUESTED, who=f"user:{person.pk}")
    return result


@transaction.atomic
def cancel_series(
    *, series: RideSeries, by: User, on_behalf_of: User | None = None, reason: str = ""
) -> int:
    """Cancel every ride of the series that has not happened yet; the number cancelled."""
    current = RideSeries.objects.select_for_update().select_related("service").get(pk=series.pk)
    probe = Ride(resident_id=current.resident_id, service=current.service)
    resident = _resident_side(probe, by, on_behalf_of)
    if resident is None and not may_coordinate(by, current.service):
        raise PermissionDenied(
            _("Only the person who booked the rides or the dispatcher can do this.")
        )
    if current.cancelled_at is not None:
        raise ValidationError(_("This series is already cancelled."))
    errors = Errors()
    cleaned = errors.text("reason", reason, max_length=500, required=False)
    errors.raise_if_any()
    future = list(
        Ride.objects.select_for_update(of=("self",))
        .filter(
            series=current,
            status__in=(RideStatus.OPEN, RideStatus.ASSIGNED),
            starts_at__gt=timezone.now(),
        )
        .select_related("service", "driver", "resident")
    )
    for ride in future:
        _cancel_one(ride, by=by, reason=cleaned)
        if ride.driver is not None:
            ride_mails.cancelled(ride, by_resident=resident is not None)
    current.cancelled_at = timezone.now()
    current.save(update_fields=["cancelled_at"])
    if on_behalf_of is not None:
        record_audit(
            actor=by,
            action="volunteer_series_cancelled_for",
            on_behalf_of=on_behalf_of,
            target=current,
        )
    return len(future)
