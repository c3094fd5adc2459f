"""The e-mails of each step of an order (sent once per event by tasks.send_order_event_mail).

The business is written to at its e-mail for requests (`queue_town_email`, in the town's
language: it is an address, not a person of the portal); residents through `notify` (their
language, their choice, their inbox; a managed resident's network manager reads for them).
Every mail is in the town's branding. User text goes into the templates as plain values:
the HTML part escapes it, the text part shows it as typed, the .ics escapes it as TEXT.

What the business is never told before it accepts: the resident's address, and their phone
number unless they chose to be phoned.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

from billing.fees.rules import FeeRule
from portal.accounts.models import User
from portal.behalf.selectors import network_managers
from portal.branding.selectors import current_branding
from portal.letters.periods import town_zone
from portal.mail import Attachment, queue_town_email
from portal.notify import notify
from tenants.addresses import town_url

from .calendar import order_ics
from .links import make_order_link
from .models import ContactBy, Order, OrderEvent, OrderStatus
from .notification_kinds import ORDER_ALERTS, ORDER_NEWS
from .scopes import REQUESTS

Action = OrderEvent.Action
Side = OrderEvent.Side


def send_event_mails(event: OrderEvent) -> None:
    """Queue the e-mails `event` calls for, in the town's branding."""
    sender = _SENDERS.get(event.action)
    if sender is not None:
        sender(event)


# --- what goes into every mail ---------------------------------------------------------------


def _town_language() -> str:
    return current_branding().town_language or "de"


def when(start: datetime, end: datetime, language: str) -> str:
    """A time span as the language writes it: "Mo., 7. Dezember 2026, 10:00–12:00"."""
    zone = town_zone()
    start, end = timezone.localtime(start, zone), timezone.localtime(end, zone)
    with translation.override(language):
        day = f"{date_format(start, 'D')}, {date_format(start, 'DATE_FORMAT')}"
        if start.date() == end.date():
            return f"{day}, {time_format(start, 'H:i')}\u2013{time_format(end, 'H:i')}"
        until = f"{date_format(end, 'D')}, {date_format(end, 'DATE_FORMAT')}"
        return f"{day}, {time_format(start, 'H:i')} \u2013 {until}, {time_format(end, 'H:i')}"


def _appointment(order: Order, language: str) -> str:
    if order.appointment_start is None or order.appointment_end is None:
        return ""
    return when(order.appointment_start, order.appointment_end, language)


def _order_url(order: Order) -> str:
    return town_url(reverse("shop:order", args=[order.public_id]))


def _other_offers_url(order: Order) -> str:
    return town_url(f"{reverse('shop:offers')}?category={order.offer.category.slug}")


def _common(order: Order, event: OrderEvent, language: str) -> dict[str, Any]:
    """What every mail of the order may say (JSON values only: the task's payload)."""
    return {
        "number": order.number,
        "offer": order.offer_title,
        "business": order.provider.name,
        "resident": order.resident.full_name,
        "need": order.need,
        "note": order.note,
        "text": event.text,
        "appointment": _appointment(order, language),
        "order_url": _order_url(order),
        "link": _order_url(order),
    }


def _for_business(order: Order, event: OrderEvent) -> dict[str, Any]:
    language = _town_language()
    context = _common(order, event, language)
    context["contact_by"] = order.contact_by
    context["contact_label"] = _contact_label(order, language)
    if order.contact_by == ContactBy.PHONE:
        context["contact_phone"] = order.contact_phone
    elif order.contact_by == ContactBy.EMAIL:
        context["contact_email"] = order.resident.email
    if order.place_visible_to_provider and event.action != Action.REQUESTED:
        context["place"] = order.place
    return context


def _contact_label(order: Order, language: str) -> str:
    with translation.override(language):
        return str(ContactBy(order.contact_by).label)


def _business_reply_to(order: Order) -> list[str]:
    """The business answers the resident directly when the resident chose e-mail."""
    if order.contact_by == ContactBy.EMAIL and order.resident.email:
        return [order.resident.email]
    return []


def _to_business(
    order: Order,
    template: str,
    context: dict[str, Any],
    attachments: list[Attachment] | None = None,
) -> None:
    queue_town_email(
        template=template,
        to=[order.provider.request_email],
        context=context,
        reply_to=_business_reply_to(order),
        attachments=attachments or (),
    )


def _to_resident(
    order: Order,
    template: str,
    context: dict[str, Any],
    *,
    reply_to: str | None = None,
    attachments: list[Attachment] | None = None,
) -> None:
    notify(
        order.resident,
        template,
        context=context,
        kind=ORDER_NEWS.key,
        reply_to=reply_to,
        helpers_scope=REQUESTS,
        target=f"shop:order:{order.public_id}",
        attachments=attachments or (),
    )


def _resident_context(order: Order, event: OrderEvent) -> dict[str, Any]:
    return _common(order, event, order.resident.language or _town_language())


def _ics(order: Order, *, for_provider: bool) -> list[Attachment]:
    return [(f"{order.number}.ics", order_ics(order, for_provider=for_provider), "text/calendar")]


# --- one sender per step ---------------------------------------------------------------------


def _requested(event: OrderEvent) -> None:
    order = event.order
    language = _town_language()
    context = _for_business(order, event)
    context["windows"] = [when(w.start, w.end, language) for w in _windows(order)]
    context["entered_by_network_manager"] = order.entered_by_id is not None
    context["needs_value"] = FeeRule.from_dict(order.fee_rule).needs_declared_value
    context["expires"] = _deadline(order.expires_at, language)
    for action in ("accept", "decline", "question"):
        context[f"{action}_url"] = make_order_link(order=order, action=action)
    _to_business(order, "shop/order_request", context)
    resident = _resident_context(order, event)
    resident["expires"] = _deadline(order.expires_at, order.resident.language or language)
    _to_resident(order, "shop/order_sent", resident)


def _windows(order: Order) -> list[Any]:
    from .services.orders import windows_of

    return windows_of(order)


def _deadline(moment: datetime, language: str) -> str:
    local = timezone.localtime(moment, town_zone())
    with translation.override(language):
        return f"{date_format(local, 'DATE_FORMAT')}, {time_format(local, 'H:i')}"


def _question(event: OrderEvent) -> None:
    order = event.order
    _to_resident(
        order,
        "shop/order_question",
        _resident_context(order, event),
        reply_to=order.provider.request_email,
    )


def _accepted(event: OrderEvent) -> None:
    order = event.order
    _to_resident(order, "shop/order_accepted", _resident_context(order, event))


def _declined(event: OrderEvent) -> None:
    order = event.order
    context = _resident_context(order, event)
    context["other_offers_url"] = _other_offers_url(order)
    _to_resident(order, "shop/order_declined", context)


def _confirmed(event: OrderEvent) -> None:
    order = event.order
    business = _for_business(order, event)
    business["complete_url"] = make_order_link(order=order, action="complete")
    _to_business(order, "shop/order_confirmed_business", business, _ics(order, for_provider=True))
    _to_resident(
        order,
        "shop/order_confirmed",
        _resident_context(order, event),
        attachments=_ics(order, for_provider=False),
    )


def _completed(event: OrderEvent) -> None:
    order = event.order
    business = _for_business(order, event)
    business["for_business"] = True
    _to_business(order, "shop/order_completed", business)
    _to_resident(order, "shop/order_completed", _resident_context(order, event))


def _cancelled(event: OrderEvent) -> None:
    """The other side is told, with the reason; whoever had the appointment in their calendar
    (a confirmed order's) gets its cancellation as an .ics, the side that cancelled too."""
    order = event.order
    had_appointment = event.from_status == OrderStatus.CONFIRMED
    by_business = event.side == Side.PROVIDER
    business = _for_business(order, event)
    business["for_business"] = True
    business["you_cancelled"] = by_business
    business["calendar_attached"] = had_appointment
    resident = _resident_context(order, event)
    resident["you_cancelled"] = not by_business
    resident["calendar_attached"] = had_appointment
    resident["other_offers_url"] = _other_offers_url(order)
    if not by_business or had_appointment:
        ics = _ics(order, for_provider=True) if had_appointment else None
        _to_business(order, "shop/order_cancelled", business, ics)
    if by_business or had_appointment:
        ics = _ics(order, for_provider=False) if had_appointment else None
        _to_resident(order, "shop/order_cancelled", resident, attachments=ics)


def _expired(event: OrderEvent) -> None:
    """The resident is told, and every network manager alerted: nobody is left hanging."""
    order = event.order
    resident = _resident_context(order, event)
    resident["other_offers_url"] = _other_offers_url(order)
    if event.from_status == OrderStatus.ACCEPTED:
        # The proposed time came without the resident's confirmation: both sides are told.
        _to_resident(order, "shop/order_expired_unconfirmed", resident)
        _to_business(order, "shop/order_expired_unconfirmed_business", _for_business(order, event))
        return
    _to_resident(order, "shop/order_expired", resident)
    for manager in network_managers():
        _alert_manager(manager, order, event)


def _alert_manager(manager: User, order: Order, event: OrderEvent) -> None:
    context = _common(order, event, manager.language or _town_language())
    context["requested"] = _deadline(order.requested_at, manager.language or _town_language())
    context["contact_label"] = _contact_label(order, manager.language or _town_language())
    context["business_email"] = order.provider.request_email
    context["business_phone"] = order.provider.phone
    notify(
        manager,
        "shop/order_expired_manager",
        context=context,
        kind=ORDER_ALERTS.key,
        target=f"shop:order:{order.public_id}",
    )


_SENDERS: dict[str, Callable[[OrderEvent], None]] = {
    Action.REQUESTED: _requested,
    Action.QUESTION: _question,
    Action.ACCEPTED: _accepted,
    Action.DECLINED: _declined,
    Action.CONFIRMED: _confirmed,
    Action.COMPLETED: _completed,
    Action.CANCELLED: _cancelled,
    Action.EXPIRED: _expired,
}
