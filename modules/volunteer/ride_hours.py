"""The ride service's operating hours and area: pure checks over a service's settings, in the
town's time zone, shared by single bookings, series and the settings page."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.letters.periods import town_zone

from .models import Service

WEEKDAYS = (0, 1, 2, 3, 4, 5, 6)


def weekday_name(weekday: int) -> str:
    names = [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]
    return names[weekday]


def missing_time_problem(day: date, clock: time) -> str | None:
    """Why `clock` on `day` is no time in the town (skipped when the clocks go forward in
    spring), or None."""
    moment = datetime.combine(day, clock, tzinfo=town_zone())
    back = moment.astimezone(UTC).astimezone(town_zone())
    if back.replace(tzinfo=None) == moment.replace(tzinfo=None):
        return None
    return _(
        "On %(day)s the clocks go forward: %(time)s does not exist that day. "
        "Please choose another time."
    ) % {"day": f"{day:%d.%m.%Y}", "time": f"{clock:%H:%M}"}


def at_wall_clock(day: date, clock: time) -> datetime:
    """`clock` on `day` in the town's zone (the offset of that day, summer or winter); a time
    that does not exist that day is refused, not moved."""
    problem = missing_time_problem(day, clock)
    if problem:
        raise ValidationError(problem)
    return datetime.combine(day, clock, tzinfo=town_zone())


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def windows_on(service: Service, weekday: int) -> list[tuple[time, time]]:
    """The service's operating windows on `weekday` (Monday 0)."""
    found = []
    for item in service.operating_hours or []:
        if item.get("weekday") == weekday:
            found.append((_clock(item["start"]), _clock(item["end"])))
    return sorted(found)


def ride_end(service: Service, starts_at: datetime) -> datetime:
    return starts_at + timedelta(minutes=service.ride_minutes)


def hours_problem(service: Service, starts_at: datetime) -> str | None:
    """Why a ride starting at `starts_at` does not fit the operating hours (the whole ride,
    from pick-up to planned arrival, in the town's zone); None when it fits."""
    zone = town_zone()
    start = starts_at.astimezone(zone)
    end = ride_end(service, starts_at).astimezone(zone)
    windows = windows_on(service, start.weekday())
    if not windows:
        return _("The service does not drive on %(weekday)s.") % {
            "weekday": weekday_name(start.weekday())
        }
    for opens, closes in windows:
        if end.date() == start.date() and opens <= start.time() and end.time() <= closes:
            return None
    spans = ", ".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in windows)
    return _(
        "The ride from %(start)s to about %(end)s is outside the driving hours on "
        "%(weekday)s (%(hours)s)."
    ) % {
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
        "weekday": weekday_name(start.weekday()),
        "hours": spans,
    }


def describe_hours(service: Service) -> list[str]:
    """The operating hours in words, one line per weekday that has any."""
    lines = []
    for weekday in WEEKDAYS:
        windows = windows_on(service, weekday)
        if windows:
            spans = ", ".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in windows)
            lines.append(f"{weekday_name(weekday)}: {spans}")
    return lines


def hours_rows(hours: list[dict[str, Any]]) -> dict[int, tuple[str, str]]:
    """The first window per weekday, for the settings form."""
    rows: dict[int, tuple[str, str]] = {}
    for item in hours:
        rows.setdefault(int(item["weekday"]), (item["start"], item["end"]))
    return rows
