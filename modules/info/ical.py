"""Events as iCalendar (RFC 5545), for the town's feeds and for the console's download.

Repeating events are one VEVENT with an RRULE: the recurrence (weekly; monthly on the same
day, skipping months without it) is RFC 5545's own, so calendars show the dates the pages
show. Times are in the town's time zone (TZID and its VTIMEZONE), so a weekly 19:00 stays at
19:00 across the change to summer time. The UID is the event's public id at the town's host:
a changed event replaces the one already in a calendar. User text goes through icalendar's
TEXT escaping and line folding, so a calendar shows markup as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Event, Recurrence
from .recurrence import occurrences, town_zone

PRODID = "-//LQ//Local information//DE"
FAR_FUTURE = datetime(2200, 1, 1, tzinfo=UTC)
_END = b"END:VCALENDAR\r\n"


def _description(event: Event) -> str:
    parts = [_("Organiser: %(name)s") % {"name": event.organiser_name}]
    if event.is_cancelled:
        parts.insert(0, _("CANCELLED: %(reason)s") % {"reason": event.cancellation_reason})
    if event.description:
        parts.append(event.description)
    return "\n\n".join(parts)


def _rule(event: Event, zone: ZoneInfo) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "freq": "WEEKLY" if event.recurrence == Recurrence.WEEKLY else "MONTHLY"
    }
    # RFC 5545: UNTIL or COUNT, never both. A series saved with both (before the services
    # refused it) ends at whichever comes first, as its pages show it.
    last_day = event.recurrence_until
    if event.recurrence_count and last_day is not None:
        counted = occurrences(event, event.start, FAR_FUTURE, zone)
        if len(counted) >= event.recurrence_count:
            last_day = counted[-1].start.date()
    if last_day is not None:
        last = datetime.combine(last_day, time(23, 59, 59), tzinfo=zone)
        rule["until"] = last.astimezone(UTC)
    elif event.recurrence_count:
        rule["count"] = event.recurrence_count
    return rule


def event_entry(event: Event, *, zone: ZoneInfo, base_url: str, host: str) -> icalendar.Event:
    """`event` as one VEVENT (a series with its RRULE, a cancelled one marked)."""
    entry = icalendar.Event()
    entry.add("uid", f"{event.public_id}@{host}")
    entry.add("dtstamp", event.updated_at.astimezone(UTC))
    entry.add("last-modified", event.updated_at.astimezone(UTC))
    entry.add("dtstart", event.start.astimezone(zone))
    entry.add("dtend", event.end.astimezone(zone))
    entry.add("summary", event.title)
    entry.add("location", event.place)
    entry.add("description", _description(event))
    entry.add("url", base_url + reverse("info:event_detail", args=[event.public_id]))
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.recurrence != Recurrence.NONE:
        entry.add("rrule", _rule(event, zone))
    return entry


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def render_calendar(events: Iterable[Event], *, name: str, base_url: str, host: str) -> bytes:
    """An RFC 5545 calendar of `events`, whole (the feeds)."""
    zone = town_zone()
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(event_entry(event, zone=zone, base_url=base_url, host=host))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def stream_calendar(
    events: Iterable[Event], *, name: str, base_url: str, host: str
) -> Iterator[bytes]:
    """The same calendar written event by event (the download of every event): the head
    with the town's VTIMEZONE first, then one VEVENT at a time, then the end."""
    zone = town_zone()
    head = _calendar(name)
    head.add_component(icalendar.Timezone.from_tzid(zone.key))
    text = bytes(head.to_ical())
    yield text.removesuffix(_END)
    for event in events:
        yield bytes(event_entry(event, zone=zone, base_url=base_url, host=host).to_ical())
    yield _END
