"""Appointments as iCalendar (RFC 5545): one event per order, for the `.ics` attached to the
e-mails about a confirmed appointment and for a provider's private feed.

User text (the need, the offer's title, the place) goes through icalendar's TEXT escaping and
line folding, so a calendar shows markup as text. The UID is the order's, so a changed or
cancelled appointment replaces the one already in a calendar instead of adding a second."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from urllib.parse import urlsplit

import icalendar
from django.urls import reverse
from django.utils.translation import gettext as _

from tenants.addresses import town_url

from .models import Order, OrderStatus

PRODID = "-//LQ//Shop appointments//DE"
# An accepted order is an appointment the business proposed and the resident has not yet
# confirmed: TENTATIVE until then (RFC 5545, 3.8.1.11).
_STATUS: dict[str, str] = {OrderStatus.ACCEPTED: "TENTATIVE", OrderStatus.CANCELLED: "CANCELLED"}


def order_event(
    order: Order, *, for_provider: bool, base_url: str | None = None
) -> icalendar.Event | None:
    """The appointment of `order` as a VEVENT (None while no appointment is agreed).
    `base_url` is the town's address (`town_url("")`), looked up once for a whole feed."""
    if order.appointment_start is None or order.appointment_end is None:
        return None
    base = town_url("") if base_url is None else base_url
    entry = icalendar.Event()
    entry.add("uid", f"{order.public_id}@{urlsplit(base).hostname}")
    entry.add("dtstamp", order.updated_at.astimezone(UTC))
    entry.add("last-modified", order.updated_at.astimezone(UTC))
    entry.add("dtstart", order.appointment_start.astimezone(UTC))
    entry.add("dtend", order.appointment_end.astimezone(UTC))
    # SEQUENCE grows with every change, so calendars take the newest version (RFC 5546).
    entry.add("sequence", int(order.updated_at.timestamp()))
    other = order.resident.full_name if for_provider else order.provider.name
    entry.add("summary", f"{order.offer_title} – {other}")
    if order.place_visible_to_provider or not for_provider:
        entry.add("location", order.place)
    entry.add(
        "description",
        _("Order %(number)s\n\n%(need)s") % {"number": order.number, "need": order.need},
    )
    entry.add("url", base + reverse("shop:order", args=[order.public_id]))
    entry.add("status", _STATUS.get(order.status, "CONFIRMED"))
    return entry


def render_calendar(orders: Iterable[Order], *, name: str, for_provider: bool) -> bytes:
    """A calendar of the orders' appointments (orders without one are left out)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    base_url = town_url("")  # one look-up of the town's domain for every event
    for order in orders:
        entry = order_event(order, for_provider=for_provider, base_url=base_url)
        if entry is not None:
            calendar.add_component(entry)
    ical: bytes = calendar.to_ical()
    return ical


def order_ics(order: Order, *, for_provider: bool) -> bytes:
    """The `.ics` attachment of an e-mail about `order`'s appointment."""
    return render_calendar([order], name=order.offer_title, for_provider=for_provider)
