"""The operators' billing lists and the town console's billing page keep a constant number of
queries as their rows grow (tests/queries.py: N rows, then 3N)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from billing.subscriptions.models import Mismatch, TownInvoice, TownSubscription, WebhookEvent
from portal.accounts.models import Role
from tenants.addresses import town_host
from tenants.models import Town
from tests.conftest import TownClient
from tests.factories import UserFactory
from tests.queries import assert_constant_queries

from .helpers import make_plan

pytestmark = pytest.mark.django_db

_ids = itertools.count(1)


def _grow_billing(subscription: TownSubscription):  # type: ignore[no-untyped-def]
    def grow(n: int) -> None:
        for _ in range(n):
            number = next(_ids)
            make_plan(name=f"Plan {number}")
            for status in ("open", "paid"):
                TownInvoice.objects.create(
                    stripe_invoice_id=f"in_{status}_{number}",
                    subscription=subscription,
                    status=status,
                    amount_due_cents=15_900,
                    created=timezone.now() - timedelta(days=40 + number),
                    due_at=timezone.now() - timedelta(days=10),
                    paid_at=timezone.now() if status == "paid" else None,
                )
            WebhookEvent.objects.create(
                event_id=f"evt_{number}",
                type="invoice.paid",
                created=timezone.now(),
                object_id=f"in_paid_{number}",
                town_schema=subscription.town.schema_name,
                outcome=WebhookEvent.Outcome.APPLIED,
            )
            Mismatch.objects.create(
                kind="invoice-amount",
                stripe_id=f"in_open_{number}",
                town_schema=subscription.town.schema_name,
                detail="Stripe says 159.00, we say 158.00",
            )

    return grow


def _subscription(town: Town) -> TownSubscription:
    return TownSubscription.objects.create(
        town=town,
        plan=make_plan(name="Gemeinde klein"),
        inhabitants=5_400,
        billing_email="kasse@example.org",
        stripe_customer_id=f"cus_{town.slug}",
        stripe_subscription_id=f"sub_{town.slug}",
        status="active",
        current_period_end=timezone.now() + timedelta(days=12),
    )


@pytest.mark.parametrize(
    "path",
    [
        "/billing/",
        "/billing/plans/",
        "/billing/events/",
        "/billing/mismatches/",
        "/billing/towns/alpha/",
    ],
)
def test_an_operator_billing_list_keeps_its_queries(
    path: str, operator_client: TownClient, town_a: Town, town_b: Town
) -> None:
    _subscription(town_b)
    grow = _grow_billing(_subscription(town_a))
    assert_constant_queries(lambda: operator_client.get(path), grow=grow)


def test_the_consoles_billing_page_keeps_its_queries(town_a: Town) -> None:
    grow = _grow_billing(_subscription(town_a))
    client = TownClient(HTTP_HOST=town_host(town_a.slug))
    with tenant_context(town_a):
        client.force_login(UserFactory(roles=[Role.TOWN_ADMIN], email="admin-billing@x.de"))
    assert_constant_queries(lambda: client.get("/manage/billing/"), grow=grow)
