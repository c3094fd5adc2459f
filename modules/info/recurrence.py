"""Occurrences of repeating events, computed in the town's local time.

A weekly event at 19:00 stays at 19:00 across the change to summer time. A monthly event on
the 31st skips months without a 31st, as RFC 5545 does (so the iCal feed and the pages agree).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from tenants.current import current_town

from .models import Event, Recurrence

# However long a series is, one expansion never yields more than this.
MAX_OCCURRENCES = 520
MAX_COUNT = 104
MAX_SERIES_DAYS = 2 * 366


@dataclass(frozen=True)
class Occurrence:
    event: Event
    start: datetime
    end: datetime

    @property
    def is_cancelled(self) -> bool:
        return self.event.is_cancelled


def town_zone() -> ZoneInfo:
    """The time zone of the current town (the project's default outside a town)."""
    town = current_town()
    return ZoneInfo(town.time_zone if town is not None else settings.TIME_ZONE)


def _aware(naive: datetime, zone: ZoneInfo) -> datetime:
    return naive.replace(tzinfo=zone)


def _local_starts(event: Event, zone: ZoneInfo, window_start: datetime) -> Iterator[datetime]:
    """Naive local start times of the series, in order, from about `window_start` on."""
    first = event.start.astimezone(zone).replace(tzinfo=None)
    if event.recurrence == Recurrence.WEEKLY:
        index = 0
        if event.recurrence_count is None:
            # Jump close to the window instead of walking years of weeks.
            weeks = (window_start.astimezone(zone).replace(tzinfo=None) - first).days // 7 - 1
            index = max(0, weeks)
        while True:
            if event.recurrence_count is not None and index >= event.recurrence_count:
                return
            yield first + timedelta(weeks=index)
            index += 1
    elif event.recurrence == Recurrence.MONTHLY:
        produced, months = 0, 0
        while True:
            if event.recurrence_count is not None and produced >= event.recurrence_count:
                return
            year, month0 = divmod(first.month - 1 + months, 12)
            year += first.year
            months += 1
            if first.day > calendar.monthrange(year, month0 + 1)[1]:
                continue
            produced += 1
            yield first.replace(year=year, month=month0 + 1)
    else:
        yield first


def occurrences(
    event: Event, window_start: datetime, window_end: datetime, zone: ZoneInfo | None = None
) -> list[Occurrence]:
    """The occurrences of `event` that overlap [window_start, window_end)."""
    zone = zone or town_zone()
    local_first_start = event.start.astimezone(zone).replace(tzinfo=None)
    local_first_end = event.end.astimezone(zone).replace(tzinfo=None)
    duration = local_first_end - local_first_start
    until: date | None = event.recurrence_until if event.is_recurring else None
    found: list[Occurrence] = []
    for steps, local_start in enumerate(_local_starts(event, zone, window_start)):
        if steps > MAX_OCCURRENCES * 4 or len(found) >= MAX_OCCURRENCES:
            break
        if until is not None and local_start.date() > until:
            break
        start = _aware(local_start, zone)
        if start >= window_end:
            break
        end = _aware(local_start + duration, zone)
        if end > window_start:
            found.append(Occurrence(event=event, start=start, end=end))
    return found
