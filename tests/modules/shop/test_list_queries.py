"""Every list page and list endpoint of the shop keeps a constant number of queries as its
rows grow (tests/queries.py: N rows, then 3N)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from modules.shop.models import Category, Provider
from modules.shop.models_invoices import ProviderInvoice
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.factories.shop import (
    OfferFactory,
    ProviderFactory,
    make_confirmed_order,
    make_order,
    requests_consent,
)
from tests.queries import assert_constant_queries

PAGES = [
    ("/shop/", None),
    ("/shop/offers/", None),
    ("/shop/p/maler-keller/", None),
    ("/shop/for/{resident}/", "moderator"),
    ("/shop/orders/", "resident"),
    ("/shop/dashboard/", "owner"),
    ("/shop/p/maler-keller/dashboard/", "owner"),
    ("/shop/p/maler-keller/calendar/", "owner"),
    ("/shop/settings/categories/", "admin"),
    ("/shop/settings/invoices/", "admin"),
    ("/api/v1/shop/offers/", None),
    ("/api/v1/shop/providers/", None),
    ("/api/v1/shop/orders/", "resident"),
]


@pytest.mark.parametrize(("url", "who"), PAGES)
def test_a_shop_list_keeps_its_queries(
    url, who, client_a, painter: Provider, owner: User, resident: User, moderator: User
) -> None:
    admin = UserFactory(town_admin=True)
    requests_consent(person=resident, recorded_by=moderator)
    people = {"owner": owner, "resident": resident, "moderator": moderator, "admin": admin}
    if who:
        client_a.force_login(people[who])
    made = [0]

    def grow(n: int) -> None:
        for _ in range(n):
            made[0] += 1
            OfferFactory(provider=ProviderFactory())
            offer = OfferFactory(provider=painter)
            make_order(offer=offer, resident=resident)
            start = timezone.now() + timedelta(days=2 + made[0], hours=1)
            make_confirmed_order(offer=offer, resident=resident, start=start)
            Category.objects.create(slug=f"kategorie-{made[0]}", name=f"Kategorie {made[0]}")
            ProviderInvoice.objects.create(
                provider=ProviderFactory(owner=owner), year=2026, month=1, total_cents=400
            )

    assert_constant_queries(
        lambda: client_a.get(url.format(resident=resident.public_id)), grow=grow
    )
