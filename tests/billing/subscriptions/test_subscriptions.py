"""An operator attaches a plan to a town: one customer and one subscription in Stripe."""

from __future__ import annotations

from typing import Any

import pytest
import stripe
from django.core.exceptions import ValidationError

from billing.subscriptions.models import StripeRecord, TownSubscription
from billing.subscriptions.services import attach_plan, push_subscription
from billing.subscriptions.stripe_client import metadata_of, options
from tenants.models import Town

from .helpers import attach, make_plan

pytestmark = pytest.mark.django_db(transaction=True)


def _customers() -> list[Any]:
    return list(stripe.Customer.list(limit=100, **options()).data)


def test_a_plan_prices_a_town_by_its_bands() -> None:
    plan = make_plan(base_cents=9_900, band_cents=1_000, band_size=1_000)
    assert plan.bands_for(5_400) == 6
    assert plan.price_for(5_400) == 9_900 + 6 * 1_000
    assert plan.price_for(0) == 9_900


def test_attaching_a_plan_makes_a_customer_and_a_subscription(
    stripe_fake: str, town_a: Town
) -> None:
    subscription = attach(town_a, inhabitants=5_400)
    customers = _customers()
    assert [c.id for c in customers] == [subscription.stripe_customer_id]
    assert metadata_of(customers[0])["lq_schema"] == town_a.schema_name
    assert metadata_of(customers[0])["lq_slug"] == town_a.slug
    remote = stripe.Subscription.retrieve(subscription.stripe_subscription_id, **options())
    (item,) = remote["items"].data
    assert item.plan.amount == 9_900 + 6 * 1_000 and item.quantity == 1
    assert subscription.status == "active"
    assert subscription.current_period_end is not None


def test_pushing_again_creates_nothing_new(stripe_fake: str, town_a: Town) -> None:
    subscription = attach(town_a)
    push_subscription(subscription)
    assert len(_customers()) == 1
    assert len(stripe.Subscription.list(limit=100, **options()).data) == 1
    assert StripeRecord.objects.filter(state="pending").count() == 0


def test_a_town_with_a_subscription_cannot_be_attached_twice(
    stripe_fake: str, town_a: Town
) -> None:
    attach(town_a)
    with pytest.raises(ValidationError):
        attach_plan(
            town=town_a, plan=make_plan(), inhabitants=10, billing_email="kasse@example.org"
        )
    assert TownSubscription.objects.count() == 1


def test_stripe_down_leaves_the_row_to_push_later(
    stripe_fake: str, town_a: Town, settings: Any
) -> None:
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(stripe.APIConnectionError):
        attach(town_a)
    row = TownSubscription.objects.get(town=town_a)
    assert row.stripe_subscription_id == ""
    settings.STRIPE_API_BASE = stripe_fake
    push_subscription(row)
    row.refresh_from_db()
    assert row.stripe_subscription_id and row.status == "active"
    assert len(_customers()) == 1
