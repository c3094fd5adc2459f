"""The shop's part of a person's area ("Mein Bereich"): orders waiting for the person's
confirmation and their open requests. One query, however many orders the person has."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.registry import AreaItem

from .models import Order, OrderStatus


def personal_area(user: User) -> Sequence[AreaItem]:
    counts = Order.objects.filter(resident=user).aggregate(
        to_confirm=Count("pk", filter=Q(status=OrderStatus.ACCEPTED)),
        waiting=Count("pk", filter=Q(status=OrderStatus.REQUESTED)),
        booked=Count("pk", filter=Q(status=OrderStatus.CONFIRMED)),
    )
    url = reverse("shop:my_orders")
    items = []
    if n := counts["to_confirm"]:
        items.append(
            AreaItem(
                section="waiting",
                label=ngettext("%(n)d appointment to confirm", "%(n)d appointments to confirm", n)
                % {"n": n},
                count=n,
                url=url,
                icon="calendar",
            )
        )
    if n := counts["waiting"]:
        items.append(
            AreaItem(
                section="mine",
                label=ngettext(
                    "%(n)d request waiting for an answer",
                    "%(n)d requests waiting for an answer",
                    n,
                )
                % {"n": n},
                count=n,
                url=url,
                icon="shop",
            )
        )
    if n := counts["booked"]:
        items.append(
            AreaItem(
                section="mine",
                label=ngettext("%(n)d confirmed order", "%(n)d confirmed orders", n) % {"n": n},
                count=n,
                url=url,
                icon="shop",
            )
        )
    return items
