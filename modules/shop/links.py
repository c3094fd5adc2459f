"""The business's one-click links in its e-mails: accept, decline, ask a question, mark done.

They work without logging in, so everything rests on the token: signed with the town in the
salt (`tenants.signed_links`), naming the order, the business and the step, single use, and
no older than the request's answer time ("mark as done": until 30 days after the
appointment's end, however far ahead the appointment lies). A link stops working
once the order moved on (answered, expired, cancelled) or went to another business.

Reading a link's page never uses it up (mail scanners open every link); only the step
itself does (`use=True`), and a step the service refuses gives the link back.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from tenants.addresses import town_url
from tenants.signed_links import (
    link_token_used,
    make_link_token,
    read_link_token,
    release_link_token,
)

from .models import Order, OrderStatus

PURPOSE = "shop-order"
ANSWER_ACTIONS = ("accept", "decline", "question")
ACTIONS = (*ANSWER_ACTIONS, "complete")
# "Mark as done" works until this long after the appointment's end.
COMPLETE_MAX_AGE = timedelta(days=30)
# Only to tell a genuine old link (410) from a forged one (404); each step's own limit is
# checked after the order is known.
_GENUINE_MAX_AGE = int(timedelta(days=3650).total_seconds())


def make_order_token(*, order: Order, action: str) -> str:
    """A signed single-use token for `action` on `order`, bound to its business."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown order link action {action!r}.")
    payload = {"o": str(order.public_id), "p": str(order.provider.public_id), "a": action}
    return make_link_token(purpose=PURPOSE, payload=payload, single_use=True)


def make_order_link(*, order: Order, action: str) -> str:
    """The absolute address of the one-click link for `action` on `order`, for its business."""
    token = make_order_token(order=order, action=action)
    return town_url(reverse("shop:answer", kwargs={"action": action, "token": token}))


def _max_age(order: Order, action: str) -> int:
    if action in ANSWER_ACTIONS:
        # The link was made once the request was stored: it may not outlive the request.
        return max(int((order.expires_at - order.requested_at).total_seconds()), 0)
    # A "mark as done" link is made at the confirmation or later (the confirmation mail, the
    # reminder): counted from then, it may not outlive the appointment's end + 30 days, so
    # a link for an appointment months ahead lasts until after it.
    made = order.confirmed_at or order.requested_at
    return max(int((complete_deadline(order) - made).total_seconds()), 0)


def complete_deadline(order: Order) -> datetime:
    """Until when the order's "mark as done" links work: 30 days after the appointment."""
    end = order.appointment_end or order.confirmed_at or order.requested_at
    return end + COMPLETE_MAX_AGE


def _still_open(order: Order, action: str) -> bool:
    if action in ANSWER_ACTIONS:
        return order.status == OrderStatus.REQUESTED and timezone.now() < order.expires_at
    return order.status == OrderStatus.CONFIRMED and timezone.now() <= complete_deadline(order)


def _genuine(token: str, action: str) -> tuple[Order, str] | None:
    """(the order, the business the link was made for) of a genuine link of this town for
    `action`, however old or used."""
    if action not in ACTIONS:
        return None
    data = read_link_token(purpose=PURPOSE, token=token, max_age=_GENUINE_MAX_AGE)
    if data is None or data.get("a") != action:
        return None
    try:
        public_id = uuid.UUID(data.get("o", ""))
    except ValueError:
        return None
    order = (
        Order.objects.select_related("provider", "offer", "resident")
        .filter(public_id=public_id)
        .first()
    )
    return None if order is None else (order, data.get("p", ""))


def link_order(*, token: str, action: str) -> Order | None:
    """The order a genuine link of this town names for `action`, however old or used; None
    for a forged, other-town or other-step token (a 404 rather than "no longer valid")."""
    found = _genuine(token, action)
    return None if found is None else found[0]


def read_order_link(*, token: str, action: str, use: bool) -> Order | None:
    """The order a valid link for `action` may act on, else None (forged, other town, other
    step, expired, used, answered, or the order went to another business). With `use`, the
    order's row is locked and the link used up: call it inside the step's transaction."""
    found = _genuine(token, action)
    if found is None:
        return None
    order, made_for = found
    if use:
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("provider", "offer", "resident")
            .get(pk=order.pk)
        )
    if made_for != str(order.provider.public_id) or not _still_open(order, action):
        return None
    max_age = _max_age(order, action)
    if read_link_token(purpose=PURPOSE, token=token, max_age=max_age, single_use=use) is None:
        return None
    if not use and link_token_used(purpose=PURPOSE, token=token):
        return None
    return order


def give_back_order_link(*, token: str) -> None:
    """The step the link was used for was refused: the link works again."""
    release_link_token(purpose=PURPOSE, token=token)
