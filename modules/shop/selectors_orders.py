"""Reads of orders: who may see one, and the lists of each party."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from portal.accounts.models import User
from portal.behalf.selectors import is_network_manager, may_act_for

from .models import ContactBy, Order, OrderEvent
from .scopes import REQUESTS

ORDER_RELATED = ("provider", "resident", "offer", "offer__category")


def orders_visible_to(user: User | AnonymousUser) -> QuerySet[Order]:
    """The orders `user` is a party to: their own requests, their business's orders; the
    network manager sees every order of the town (they help both sides)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return Order.objects.none()
    orders = Order.objects.select_related(*ORDER_RELATED)
    if is_network_manager(user):
        return orders
    return orders.filter(Q(resident=user) | Q(provider__owner=user))


def visible_order(*, public_id: UUID | str, user: User | AnonymousUser) -> Order | None:
    """The order if `user` is a party to it (or the network manager), else None."""
    try:
        return orders_visible_to(user).filter(public_id=public_id).first()
    except (ValueError, TypeError):  # not a uuid
        return None


def orders_of_resident(user: User) -> QuerySet[Order]:
    """The resident's own requests and orders, newest first."""
    return Order.objects.filter(resident=user).select_related(*ORDER_RELATED)


OPEN_STATUSES = ("requested", "accepted", "confirmed")


def my_orders(user: User) -> QuerySet[Order]:
    """The resident's requests and orders: the open ones first, each group newest first."""
    from django.db.models import Case, IntegerField, Value, When

    still_open = Case(
        When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return orders_of_resident(user).order_by(still_open, "-requested_at", "-id")


def order_events(order: Order) -> QuerySet[OrderEvent]:
    """The order's history, oldest first, with who acted and for whom."""
    return order.events.select_related("actor", "on_behalf_of")


@dataclass(frozen=True)
class Parties:
    """How the person looking at an order takes part in it (pages, API, mails decide by it)."""

    is_resident: bool  # the order's resident themselves
    helps_resident: bool  # the network manager, with the resident's consent
    is_business: bool  # the business's owner (or the network manager for an unclaimed one)

    @property
    def resident_side(self) -> bool:
        return self.is_resident or self.helps_resident

    def sees_place(self, order: Order) -> bool:
        """The resident's side always; the business only once it has accepted."""
        return self.resident_side or (self.is_business and order.place_visible_to_provider)

    def sees_phone(self, order: Order) -> bool:
        """The resident's side; the business once it accepted, or at once when the resident
        asked to be phoned (the request e-mail shows the number then too)."""
        return self.sees_place(order) or (self.is_business and order.contact_by == ContactBy.PHONE)


def order_parties(user: User, order: Order, *, helps: bool | None = None) -> Parties:
    """`user`'s part in `order`. `helps` (whether the network manager holds the resident's
    consent) may be passed in by a caller that looked it up for many orders at once."""
    from .services.orders import may_act_for_provider

    is_resident = user.pk == order.resident_id
    if helps is None:
        helps = (
            not is_resident
            and is_network_manager(user)
            and may_act_for(actor=user, person=order.resident, scope=REQUESTS)
        )
    return Parties(
        is_resident=is_resident,
        helps_resident=bool(helps) and not is_resident,
        is_business=may_act_for_provider(user=user, provider=order.provider),
    )
