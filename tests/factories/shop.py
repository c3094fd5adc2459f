"""Factories of the shop module; use them inside a town (in_town_a / in_town_b)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import factory
from django.utils import timezone

from modules.shop.models import Category, ContactBy, Offer, Order, PriceModel, Provider, Trade
from portal.accounts.models import User


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Malerbetrieb Nummer {n}")
    slug = factory.Sequence(lambda n: f"maler-{n}")
    trade = Trade.CRAFT
    description = "Wir streichen Wände und Fenster."
    request_email = factory.Sequence(lambda n: f"anfragen{n}@example.org")
    districts = factory.LazyFunction(lambda: ["Merklingen"])
    status = Provider.Status.APPROVED
    approved_at = factory.LazyFunction(timezone.now)


def category(slug: str = "haus-handwerk") -> Category:
    """One of the categories every town starts with (migration 0003)."""
    return Category.objects.get(slug=slug)


class OfferFactory(factory.django.DjangoModelFactory):
    """A published offer at an hourly rate; pass `provider=`."""

    class Meta:
        model = Offer

    provider = factory.SubFactory(ProviderFactory)
    category = factory.LazyFunction(category)
    title = factory.Sequence(lambda n: f"Fenster putzen {n}")
    description = "Innen und außen, mit Rahmen."
    price_model = PriceModel.HOURLY
    price_cents = 3900
    districts = factory.LazyFunction(lambda: ["Merklingen"])
    status = Offer.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def soon(days: int = 3, hours: int = 2) -> dict[str, str]:
    """A time window `days` ahead, `hours` long, as the services take it."""
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    return {"start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat()}


def make_order(*, offer: Offer, resident: User, **changes: Any) -> Order:
    """A request made through the service (so the order is as real ones are)."""
    from modules.shop.services.orders import request_offer

    fields: dict[str, Any] = {
        "need": "Drei Fenster im Erdgeschoss.",
        "windows": [soon()],
        "place": "Marktplatz 1, 71263 Weil der Stadt",
        "contact_by": ContactBy.EMAIL,
    }
    fields.update(changes)
    return request_offer(offer=offer, by=resident, **fields)


def make_confirmed_order(
    *, offer: Offer, resident: User, start: datetime | None = None, hours: int = 2, **changes: Any
) -> Order:
    """A request the business accepted (from its e-mail link) and the resident confirmed,
    with its appointment at `start` (default: the request's window, three days ahead)."""
    from modules.shop.services.orders import ByLink, accept_order, confirm_order

    window = soon()
    if start is not None:
        start = start.replace(microsecond=0)
        window = {"start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat()}
    order = make_order(offer=offer, resident=resident, windows=[window], **changes)
    accept_order(order=order, by=ByLink(offer.provider), start=window["start"], end=window["end"])
    confirm_order(order=order, by=resident)
    order.refresh_from_db()
    return order
