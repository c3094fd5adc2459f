"""The info module's open-format downloads: every event of the town, as a spreadsheet (CSV)
and as a calendar (iCal, RFC 5545) that a calendar program or the town's website imports.

Events are public on the portal; who entered one is left out."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.branding.selectors import current_branding
from portal.csv_cells import csv_stream
from portal.registry import OpenDownload

from .ical import stream_calendar
from .models import Event, EventCategory, Recurrence

CHUNK = 500


def _every_event() -> Iterator[Event]:
    return Event.objects.order_by("start", "pk").iterator(chunk_size=CHUNK)


def events_csv(base_url: str) -> Iterator[bytes]:
    """One row per event (a series is one row with its rule), oldest first."""
    header = [
        _("Title"),
        _("Starts"),
        _("Ends"),
        _("Repeats"),
        _("Repeats until"),
        _("Number of dates"),
        _("Organiser"),
        _("Organiser's short name"),
        _("Town event"),
        _("Category"),
        _("Place"),
        _("District"),
        _("Description"),
        _("Cancelled on"),
        _("Reason for cancelling"),
        _("Page on the portal"),
    ]
    categories, repeats = dict(EventCategory.choices), dict(Recurrence.choices)
    yes, no = _("yes"), _("no")
    rows = (
        [
            event.title,
            event.start,
            event.end,
            repeats.get(event.recurrence, event.recurrence),
            event.recurrence_until,
            event.recurrence_count,
            event.organiser_name,
            event.organiser_slug,
            yes if event.is_town_event else no,
            categories.get(event.category, event.category),
            event.place,
            event.district,
            event.description,
            event.cancelled_at,
            event.cancellation_reason,
            base_url + reverse("info:event_detail", args=[event.public_id]),
        ]
        for event in _every_event()
    )
    return csv_stream(header, rows)


def events_ics(base_url: str) -> Iterator[bytes]:
    """Every event as one calendar (repeating ones as RRULE)."""
    name = _("Events in %(town)s") % {"town": current_branding().display_name}
    host = urlsplit(base_url).hostname or ""
    return stream_calendar(_every_event(), name=name, base_url=base_url, host=host)


OPEN_DOWNLOADS = (
    OpenDownload(
        key="events",
        title=gettext_lazy("Events (CSV)"),
        filename="events.csv",
        media_type="text/csv; charset=utf-8",
        writer=events_csv,
        description=gettext_lazy("Every event, past and coming, with its dates and place."),
    ),
    OpenDownload(
        key="events_ical",
        title=gettext_lazy("Events (iCal calendar)"),
        filename="events.ics",
        media_type="text/calendar; charset=utf-8",
        writer=events_ics,
        description=gettext_lazy(
            "The same events as a calendar file for calendar programs and websites."
        ),
    ),
)
