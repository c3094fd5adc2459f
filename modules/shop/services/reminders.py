"""The reminder the day before a confirmed appointment, to both sides: the resident through
`notify` (a managed resident through the network managers holding their consent), the
business at its e-mail for requests.

Each order is claimed with a conditional UPDATE (`reminded_at IS NULL`, still confirmed)
before anything is queued, so a second run, or one running in parallel, sends nothing again,
and an order cancelled meanwhile is not claimed. The claim writes only `reminded_at`: it is
no step of the order (no event, no new `updated_at`, so calendars keep their version).
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.letters.periods import town_zone
from portal.mail import queue_town_email
from portal.notify import notify
from tenants.addresses import town_url

from ..models import ContactBy, Order, OrderStatus
from ..notification_kinds import REMINDERS
from ..scopes import REQUESTS

BATCH = 500


def tomorrow_bounds(now: datetime, zone: zoneinfo.ZoneInfo) -> tuple[datetime, datetime]:
    """Start and end of the town's next calendar day (a DST day is 23 or 25 hours long)."""
    today: date = now.astimezone(zone).date()
    start = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    end = datetime.combine(today + timedelta(days=2), time.min, tzinfo=zone)
    return start, end


def due_reminders(now: datetime | None = None) -> list[int]:
    """The ids of confirmed orders whose appointment is tomorrow and not yet reminded."""
    start, end = tomorrow_bounds(now or timezone.now(), town_zone())
    return list(
        Order.objects.filter(
            status=OrderStatus.CONFIRMED,
            reminded_at__isnull=True,
            appointment_start__gte=start,
            appointment_start__lt=end,
        )
        .order_by("appointment_start", "id")
        .values_list("pk", flat=True)
    )


def _mail_context(order: Order, zone: zoneinfo.ZoneInfo) -> dict[str, str]:
    assert order.appointment_start is not None and order.appointment_end is not None
    start = order.appointment_start.astimezone(zone)
    end = order.appointment_end.astimezone(zone)
    return {
        "number": order.number,
        "offer": order.offer_title,
        "provider": order.provider.name,
        "provider_phone": order.provider.phone,
        "resident": order.resident.full_name,
        "day": start.strftime("%d.%m.%Y"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M")
        if end.date() == start.date()
        else end.strftime("%d.%m.%Y %H:%M"),
        "place": order.place,
        "need": order.need,
        "contact_phone": order.contact_phone,
        "contact_email": (order.resident.email or "")
        if order.contact_by == ContactBy.EMAIL
        else "",
        "link": town_url(reverse("shop:order", args=[order.public_id])),
    }


def _business_context(order: Order, zone: zoneinfo.ZoneInfo) -> dict[str, str]:
    from ..links import make_order_link

    # A fresh "mark as done" link: the one of the confirmation mail may be long gone.
    return {
        **_mail_context(order, zone),
        "complete_url": make_order_link(order=order, action="complete"),
    }


def _remind(order: Order, zone: zoneinfo.ZoneInfo) -> None:
    context = _mail_context(order, zone)
    notify(
        order.resident,
        "shop/appointment_reminder",
        context=context,
        kind=REMINDERS.key,
        helpers_scope=REQUESTS,
        target=f"shop:order:{order.public_id}",
    )
    queue_town_email(
        template="shop/appointment_reminder_business",
        to=[order.provider.request_email],
        context=_business_context(order, zone),
        # The business may answer by e-mail only if the resident chose to be reached so.
        reply_to=[context["contact_email"]] if context["contact_email"] else (),
    )


def remind_tomorrows_appointments(*, now: datetime | None = None) -> int:
    """Remind both sides of each of tomorrow's confirmed appointments once; how many."""
    moment = now or timezone.now()
    zone = town_zone()
    reminded = 0
    pending = due_reminders(moment)
    for offset in range(0, len(pending), BATCH):
        batch = pending[offset : offset + BATCH]
        orders = Order.objects.select_related("provider", "resident").in_bulk(batch)
        for pk in batch:
            with transaction.atomic():
                claimed = Order.objects.filter(
                    pk=pk, status=OrderStatus.CONFIRMED, reminded_at__isnull=True
                ).update(reminded_at=moment)
                if not claimed:
                    continue  # reminded by a parallel run, or cancelled meanwhile
                _remind(orders[pk], zone)
            reminded += 1
    return reminded
