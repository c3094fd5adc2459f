"""Reads of orders: who may see one, and the lists of each party."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from portal.accounts.models import User
from portal.behalf.selectors import is_network_manager

from .models import Order, OrderEvent

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
