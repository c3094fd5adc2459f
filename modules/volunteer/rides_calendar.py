"""A driver's rides as iCalendar (RFC 5545) for their private feed. The UID is the ride's,
so a changed or cancelled ride replaces the one already in the calendar. The feed holds
no address or phone (a calendar is synced to many places): the district the ride goes to,
or for a way back the place it starts from (the outward ride's destination, not the home)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from urllib.parse import urlsplit

import icalendar
from django.utils.translation import gettext as _

from tenants.addresses import town_url

from .models_rides import Ride, RideStatus

PRODID = "-//LQ//Volunteer rides//DE"


def summary(ride: Ride) -> str:
    if ride.outward is not None:
        return _("Ride back from %(place)s") % {"place": ride.outward.destination_address}
    if ride.destination_district:
        return _("Ride to %(destination)s") % {"destination": ride.destination_district}
    return _("Ride")


def render_rides_calendar(rides: Iterable[Ride], *, name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    base = town_url("")
    host = urlsplit(base).hostname
    for ride in rides:
        entry = icalendar.Event()
        entry.add("uid", f"ride-{ride.public_id}@{host}")
        entry.add("dtstamp", ride.updated_at.astimezone(UTC))
        entry.add("dtstart", ride.starts_at.astimezone(UTC))
        entry.add("dtend", ride.ends_at.astimezone(UTC))
        entry.add("sequence", int(ride.updated_at.timestamp()))
        entry.add("summary", summary(ride))
        entry.add("url", base + ride.get_absolute_url())
        entry.add("status", "CANCELLED" if ride.status == RideStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(entry)
    ical: bytes = calendar.to_ical()
    return ical
