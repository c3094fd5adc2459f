"""The order's life, in one place: requested → accepted | declined | expired → confirmed →
completed, or cancelled by either side with a reason.

Every change locks the order's row, checks the step against `STEPS`, writes the order and an
`OrderEvent` (who acted, when, for whom), posts or reverses the town's fee in the ledger when
the order reaches the point the town's fee rule names, and queues the e-mails on commit. Of
two people changing one order at once, the second waits for the lock and then finds the order
in its new state, so exactly one of them wins and the other is told why nothing happened.

Who acts is `by`: a `User` (a resident, a business's owner, the network manager) or
`ByLink(provider)`, the business acting from a signed link in its e-mail without logging in
(`links.read_order_link` has already checked the link).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from billing.fees.rules import FeeDue, FeeRule, fee_for
from billing.fees.services import post_order_fee, reverse_order_fee
from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.background import enqueue_on_commit
from portal.behalf.selectors import is_network_manager
from portal.behalf.services import acting_for
from portal.validation import Errors, clean_reason

from ..models import (
    MAX_WINDOWS,
    NEED_MAX,
    NOTE_MAX,
    PLACE_MAX,
    REASON_MAX,
    ContactBy,
    Offer,
    Order,
    OrderEvent,
    OrderStatus,
    PriceModel,
    Provider,
    ShopSettings,
)
from ..scopes import REQUESTS

S = OrderStatus
Side = OrderEvent.Side
Action = OrderEvent.Action

# The steps an order may take: action → (the states it may start from, the state it ends in).
STEPS: dict[str, tuple[frozenset[str], str]] = {
    Action.ACCEPTED: (frozenset({S.REQUESTED}), S.ACCEPTED),
    Action.DECLINED: (frozenset({S.REQUESTED}), S.DECLINED),
    # Unanswered in time, or accepted and the proposed time came without the confirmation.
    Action.EXPIRED: (frozenset({S.REQUESTED, S.ACCEPTED}), S.EXPIRED),
    Action.CONFIRMED: (frozenset({S.ACCEPTED}), S.CONFIRMED),
    Action.COMPLETED: (frozenset({S.CONFIRMED}), S.COMPLETED),
    Action.CANCELLED: (frozenset({S.REQUESTED, S.ACCEPTED, S.CONFIRMED}), S.CANCELLED),
}
OPEN_STATES = frozenset({S.REQUESTED, S.ACCEPTED, S.CONFIRMED})
# How far ahead a time window or an appointment may lie.
HORIZON = timedelta(days=366)
MAX_APPOINTMENT = timedelta(days=14)


@dataclass(frozen=True)
class ByLink:
    """The business acting from a signed link in its e-mail (not logged in)."""

    provider: Provider


Actor = User | ByLink


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def windows_of(order: Order) -> list[Window]:
    """The resident's preferred time windows, as aware datetimes."""
    found = []
    for item in order.windows:
        start, end = parse_datetime(item["start"]), parse_datetime(item["end"])
        if start is not None and end is not None:
            found.append(Window(start, end))
    return found


# --- who may act ----------------------------------------------------------------------------


def may_act_for_provider(*, user: User, provider: Provider) -> bool:
    """The business's owner; for a profile nobody has claimed yet, the network manager who
    runs it for them."""
    if not user.is_authenticated or not user.can_participate:
        return False
    if provider.owner_id is not None:
        return provider.owner_id == user.pk
    return is_network_manager(user)


def _provider_side(order: Order, by: Actor) -> tuple[User | None, bool]:
    """(who was at the keyboard, through a link?) for a step only the order's business takes."""
    if isinstance(by, ByLink):
        if by.provider.pk != order.provider_id:
            raise PermissionDenied(_("This order belongs to another business."))
        return None, True
    if not may_act_for_provider(user=by, provider=order.provider):
        raise PermissionDenied(_("Only the business this order was sent to can do this."))
    return by, False


def _resident_side(order: Order, by: User, on_behalf_of: User | None) -> User:
    """The resident the step is taken for (the network manager acts only with consent)."""
    if isinstance(by, ByLink):
        raise PermissionDenied(_("Only the resident who sent the request can do this."))
    person = acting_for(actor=by, on_behalf_of=on_behalf_of, scope=REQUESTS)
    if person.pk != order.resident_id:
        raise PermissionDenied(_("Only the resident who sent the request can do this."))
    return person


def _is_resident_side(order: Order, by: Actor, on_behalf_of: User | None) -> bool:
    """A step either side may take (complete, cancel): the resident's, or the network
    manager's for them, when `by` is the order's resident or acts for someone."""
    return isinstance(by, User) and (on_behalf_of is not None or by.pk == order.resident_id)


# --- checks ---------------------------------------------------------------------------------


def _aware(value: object) -> datetime | None:
    if isinstance(value, str):
        try:
            value = parse_datetime(value)
        except ValueError:  # well-formed but impossible ("2027-02-30T10:00")
            return None
    if not isinstance(value, datetime):
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def check_windows(raw: list[Any], errors: Errors, *, field: str = "windows") -> list[Window]:
    """One to three windows, each in the future, ending after it starts, within a year."""
    now = timezone.now()
    if not isinstance(raw, list) or not raw:
        errors.add(field, _("Please give at least one time that suits you."))
        return []
    if len(raw) > MAX_WINDOWS:
        errors.add(field, _("Please give at most three times."))
        return []
    windows: list[Window] = []
    for n, item in enumerate(raw, start=1):
        pair = item.as_dict() if isinstance(item, Window) else item
        start = _aware(pair.get("start")) if isinstance(pair, dict) else None
        end = _aware(pair.get("end")) if isinstance(pair, dict) else None
        if start is None or end is None:
            errors.add(field, _("Time %(n)d needs a start and an end.") % {"n": n})
        elif start <= now:
            errors.add(field, _("Time %(n)d lies in the past.") % {"n": n})
        elif end <= start:
            errors.add(field, _("Time %(n)d ends before it starts.") % {"n": n})
        elif start > now + HORIZON:
            errors.add(field, _("Time %(n)d lies more than a year ahead.") % {"n": n})
        else:
            windows.append(Window(start, end))
    return windows


def _check_appointment(start: object, end: object) -> tuple[datetime, datetime]:
    errors = Errors()
    window = check_windows([{"start": start, "end": end}], errors, field="appointment")
    if not errors.errors and window[0].end - window[0].start > MAX_APPOINTMENT:
        errors.add("appointment", _("An appointment may last at most two weeks."))
    errors.raise_if_any()
    return window[0].start, window[0].end


def _check_value(value: object) -> int | None:
    if value is None or value == "":
        return None
    from billing.fees.rules import MAX_DECLARED_VALUE_CENTS

    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(
            {"declared_value_cents": _("The order's value must be an amount above zero.")}
        )
    if value > MAX_DECLARED_VALUE_CENTS:
        raise ValidationError(
            {"declared_value_cents": _("The order's value must be at most 10,000,000.00 EUR.")}
        )
    return value


def _new_number() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone
    code = "".join(secrets.choice(alphabet) for _n in range(8))
    return f"LQ-{code[:4]}-{code[4:]}"


# --- the steps ------------------------------------------------------------------------------


def _lock(order: Order) -> Order:
    # Only the order's row: locking the joined provider too would queue every order of the
    # business behind one another (and behind anything editing the profile).
    return Order.objects.select_for_update(of=("self",)).select_related("provider").get(pk=order.pk)


def _refuse_step(order: Order, action: str) -> None:
    sources, _target = STEPS[action]
    if order.status in sources:
        return
    messages: dict[str, str] = {
        S.ACCEPTED: _("This request has already been accepted."),
        S.DECLINED: _("This request has already been declined."),
        S.EXPIRED: _("This request has expired without an answer."),
        S.CONFIRMED: _("This order has already been confirmed."),
        S.COMPLETED: _("This order has already been completed."),
        S.CANCELLED: _("This order has been cancelled."),
        S.REQUESTED: _("The business has not answered this request yet."),
    }
    raise ValidationError(messages.get(order.status, _("This step is not possible now.")))


def _record(
    order: Order,
    *,
    action: str,
    side: str,
    actor: User | None,
    via_link: bool = False,
    on_behalf_of: User | None = None,
    text: str = "",
    fields: list[str],
) -> OrderEvent:
    """Move `order` by `action` (already checked), save `fields`, write the event, queue mail."""
    from ..tasks import send_order_event_mail

    before = order.status
    if action in STEPS:
        order.status = STEPS[action][1]
        fields = [*fields, "status"]
    order.updated_at = timezone.now()
    order.save(update_fields=[*fields, "updated_at"])
    event = OrderEvent.objects.create(
        order=order,
        action=action,
        from_status=before,
        to_status=order.status,
        side=side,
        actor=actor,
        on_behalf_of=on_behalf_of,
        via_link=via_link,
        text=text,
    )
    if on_behalf_of is not None and actor is not None:
        record_audit(
            actor=actor, action=f"shop_order_{action}_for", target=order, on_behalf_of=on_behalf_of
        )
    elif side == Side.PROVIDER and actor is not None and actor.pk != order.provider.owner_id:
        # The network manager acting for a business nobody has claimed: the business's
        # owner's own steps need no trail (as in calendar_feeds).
        record_audit(
            actor=actor,
            action=f"shop_order_{action}_for_business",
            target=order,
            detail={"provider": str(order.provider.public_id)},
        )
    enqueue_on_commit(send_order_event_mail, event.pk)
    return event


def _fee_rule(order: Order) -> FeeRule:
    return FeeRule.from_dict(order.fee_rule)


def _post_fee_if_due(order: Order, point: str, at: datetime) -> None:
    """Post the order's fee when `point` is the one the order's rule names (once: keyed)."""
    rule = _fee_rule(order)
    if rule.due != point:
        return
    if rule.needs_declared_value and order.declared_value_cents is None:
        raise ValidationError(
            {
                "declared_value_cents": _(
                    "Please state the order's value: the town's fee is a share of it."
                )
            }
        )
    amount = fee_for(rule, order.declared_value_cents)
    if amount <= 0:  # a rule (or a small value) that makes the fee 0: nothing to post
        return
    post_order_fee(
        order_key=order.order_key,
        provider_key=str(order.provider.public_id),
        amount_cents=amount,
        at=at,
    )


@transaction.atomic
def request_offer(
    *,
    offer: Offer,
    by: User,
    need: str,
    windows: list[Any],
    place: str,
    note: str = "",
    contact_by: str = ContactBy.EMAIL,
    contact_phone: str = "",
    on_behalf_of: User | None = None,
) -> Order:
    """A resident's request (or the network manager's for them, with their consent); the
    business is e-mailed on commit. Every problem is reported at once."""
    person = acting_for(actor=by, on_behalf_of=on_behalf_of, scope=REQUESTS)
    if not person.can_participate:
        raise PermissionDenied(_("Please confirm your e-mail address first."))
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("provider")
        .filter(pk=offer.pk)
        .first()
    )
    if locked is None or not locked.is_public:
        raise ValidationError(_("This offer is not available."))
    offer = locked
    if offer.provider.owner_id == person.pk:
        raise ValidationError(_("You cannot order from your own business."))
    errors = Errors()
    need = errors.text("need", need, max_length=NEED_MAX, multiline=True)
    place = errors.text("place", place, max_length=PLACE_MAX)
    note = errors.text("note", note, max_length=NOTE_MAX, required=False, multiline=True)
    if contact_by not in ContactBy.values:
        errors.add("contact_by", _("Please choose how the business may contact you."))
    contact_phone = errors.phone("contact_phone", contact_phone)
    if contact_by == ContactBy.PHONE and not contact_phone:
        errors.add("contact_phone", _("Please give the phone number to call."))
    if contact_by == ContactBy.EMAIL and not person.email:
        errors.add("contact_by", _("This person has no e-mail address; choose another way."))
    chosen = check_windows(windows, errors)
    errors.raise_if_any()

    settings = ShopSettings.current()
    now = timezone.now()
    fields: dict[str, Any] = {
        "offer": offer,
        "provider": offer.provider,
        "resident": person,
        "entered_by": by if on_behalf_of is not None else None,
        "need": need,
        "windows": [window.as_dict() for window in chosen],
        "place": place,
        "note": note,
        "contact_by": contact_by,
        "contact_phone": contact_phone,
        "offer_title": offer.title,
        "price_model": offer.price_model,
        "price_cents": offer.price_cents,
        "fee_rule": settings.rule().as_dict(),
        "declared_value_cents": offer.price_cents if offer.price_model == PriceModel.FLAT else None,
        "requested_at": now,
        "expires_at": now + timedelta(hours=settings.request_expiry_hours),
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                order = Order.objects.create(number=_new_number(), **fields)
            break
        except IntegrityError:  # the one-in-a-trillion number taken; draw again
            continue
    else:  # pragma: no cover
        raise RuntimeError("Could not draw a free order number.")
    _record(
        order,
        action=Action.REQUESTED,
        side=Side.NETWORK_MANAGER if on_behalf_of is not None else Side.RESIDENT,
        actor=by,
        on_behalf_of=on_behalf_of,
        fields=[],
    )
    return order


@transaction.atomic
def accept_order(
    *,
    order: Order,
    by: Actor,
    start: datetime | str,
    end: datetime | str,
    declared_value_cents: int | None = None,
    text: str = "",
) -> Order:
    """The business accepts and proposes an appointment (one of the windows or another time);
    the resident is asked to confirm. The place is shown to the business from now on."""
    order = _lock(order)
    actor, via_link = _provider_side(order, by)
    _refuse_step(order, Action.ACCEPTED)
    if order.expires_at <= timezone.now():  # the expiry task may not have run yet
        raise ValidationError(_("This request has expired without an answer."))
    order.appointment_start, order.appointment_end = _check_appointment(start, end)
    value = _check_value(declared_value_cents)
    if value is not None:
        order.declared_value_cents = value
    rule = _fee_rule(order)
    if (
        rule.due == FeeDue.CONFIRMATION
        and rule.needs_declared_value
        and order.declared_value_cents is None
    ):
        raise ValidationError(
            {
                "declared_value_cents": _(
                    "Please state the order's value: the town's fee is a share of it."
                )
            }
        )
    text = clean_reason(text, required=False, max_length=NOTE_MAX, field="text")
    order.answered_at = timezone.now()
    _record(
        order,
        action=Action.ACCEPTED,
        side=Side.PROVIDER,
        actor=actor,
        via_link=via_link,
        text=text,
        fields=["appointment_start", "appointment_end", "declared_value_cents", "answered_at"],
    )
    return order


@transaction.atomic
def decline_order(*, order: Order, by: Actor, reason: str) -> Order:
    """The business declines, with a reason the resident is told."""
    order = _lock(order)
    actor, via_link = _provider_side(order, by)
    _refuse_step(order, Action.DECLINED)
    order.reason = clean_reason(reason, required=True, max_length=REASON_MAX)
    order.answered_at = timezone.now()
    _record(
        order,
        action=Action.DECLINED,
        side=Side.PROVIDER,
        actor=actor,
        via_link=via_link,
        text=order.reason,
        fields=["reason", "answered_at"],
    )
    return order


@transaction.atomic
def ask_question(*, order: Order, by: Actor, question: str) -> OrderEvent:
    """The business asks the resident something before it answers; the request stays open."""
    order = _lock(order)
    actor, via_link = _provider_side(order, by)
    if order.status != S.REQUESTED:
        _refuse_step(order, Action.DECLINED)  # says why: answered, expired or cancelled
    text = clean_reason(
        question,
        required=True,
        max_length=NOTE_MAX,
        field="question",
        required_message=_("Please write your question."),
        too_long_message=_("A question may have at most %(max)d characters."),
    )
    return _record(
        order,
        action=Action.QUESTION,
        side=Side.PROVIDER,
        actor=actor,
        via_link=via_link,
        text=text,
        fields=[],
    )


@transaction.atomic
def confirm_order(
    *, order: Order, by: User, on_behalf_of: User | None = None, now: datetime | None = None
) -> Order:
    """The resident confirms the proposed appointment: the order is given (the written order
    exists from now on); the fee is posted if the town's rule makes it due now. `now` dates
    the confirmation and its fee (default: the present; the demo dates its history)."""
    order = _lock(order)
    _resident_side(order, by, on_behalf_of)
    _refuse_step(order, Action.CONFIRMED)
    moment = now or timezone.now()
    if order.appointment_start is not None and order.appointment_start <= moment:
        raise ValidationError(
            _("The proposed time has passed; please ask the business for a new one.")
        )
    order.confirmed_at = moment
    _post_fee_if_due(order, FeeDue.CONFIRMATION, order.confirmed_at)
    _record(
        order,
        action=Action.CONFIRMED,
        side=Side.NETWORK_MANAGER if on_behalf_of is not None else Side.RESIDENT,
        actor=by,
        on_behalf_of=on_behalf_of,
        fields=["confirmed_at"],
    )
    return order


@transaction.atomic
def complete_order(
    *,
    order: Order,
    by: Actor,
    declared_value_cents: int | None = None,
    on_behalf_of: User | None = None,
    now: datetime | None = None,
) -> Order:
    """The business (link or dashboard) or the resident marks the job done; the fee is posted
    if the town's rule makes it due at completion. The business may state the final value.
    `now` dates the completion and its fee (default: the present)."""
    order = _lock(order)
    if _is_resident_side(order, by, on_behalf_of):
        assert isinstance(by, User)
        _resident_side(order, by, on_behalf_of)
        actor: User | None = by
        via_link = False
        side = Side.NETWORK_MANAGER if on_behalf_of is not None else Side.RESIDENT
        if declared_value_cents is not None:
            raise PermissionDenied(_("Only the business states the order's value."))
    else:
        actor, via_link = _provider_side(order, by)
        side = Side.PROVIDER
    _refuse_step(order, Action.COMPLETED)
    value = _check_value(declared_value_cents)
    fields = ["completed_at"]
    if value is not None and _fee_rule(order).due == FeeDue.COMPLETION:
        order.declared_value_cents = value
        fields.append("declared_value_cents")
    order.completed_at = now or timezone.now()
    _post_fee_if_due(order, FeeDue.COMPLETION, order.completed_at)
    _record(
        order,
        action=Action.COMPLETED,
        side=side,
        actor=actor,
        via_link=via_link,
        on_behalf_of=on_behalf_of if side == Side.NETWORK_MANAGER else None,
        fields=fields,
    )
    return order


@transaction.atomic
def cancel_order(
    *,
    order: Order,
    by: Actor,
    reason: str,
    on_behalf_of: User | None = None,
    now: datetime | None = None,
) -> Order:
    """Either side calls the order off, with a reason; a fee already posted is reversed.
    `now` dates the cancellation and the reversal (default: the present)."""
    order = _lock(order)
    if _is_resident_side(order, by, on_behalf_of):
        assert isinstance(by, User)
        _resident_side(order, by, on_behalf_of)
        actor: User | None = by
        via_link = False
        side = Side.NETWORK_MANAGER if on_behalf_of is not None else Side.RESIDENT
    else:
        actor, via_link = _provider_side(order, by)
        side = Side.PROVIDER
    _refuse_step(order, Action.CANCELLED)
    order.reason = clean_reason(reason, required=True, max_length=REASON_MAX)
    order.cancelled_at = now or timezone.now()
    reverse_order_fee(
        order_key=order.order_key,
        reason=f"order {order.number} cancelled",
        at=order.cancelled_at,
    )
    _record(
        order,
        action=Action.CANCELLED,
        side=side,
        actor=actor,
        via_link=via_link,
        on_behalf_of=on_behalf_of if side == Side.NETWORK_MANAGER else None,
        text=order.reason,
        fields=["reason", "cancelled_at"],
    )
    return order


@transaction.atomic
def expire_order(*, order: Order) -> Order | None:
    """A request whose answer time has passed, or an accepted order whose proposed time has
    started without the resident's confirmation: expired, both told (by the mail of the
    event). None if it moved on meanwhile."""
    order = _lock(order)
    now = timezone.now()
    unanswered = order.status == S.REQUESTED and order.expires_at <= now
    unconfirmed = (
        order.status == S.ACCEPTED
        and order.appointment_start is not None
        and order.appointment_start <= now
    )
    if not (unanswered or unconfirmed):
        return None
    _record(order, action=Action.EXPIRED, side=Side.SYSTEM, actor=None, fields=[])
    return order
