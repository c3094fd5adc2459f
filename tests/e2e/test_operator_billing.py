"""An operator creates a plan, attaches it to a town (Stripe: the local fake) and resolves a
mismatch in the browser; the pages pass axe-core's WCAG 2.1 AA checks."""

from __future__ import annotations

import re
from typing import Any

import pytest
import stripe

from billing.subscriptions.models import Mismatch, Plan, TownSubscription
from billing.subscriptions.stripe_client import options
from tests.e2e.conftest import log_in_operator
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_operator_lifecycle import operator_url

pytestmark = pytest.mark.django_db(transaction=True)


def _submit(page: Any, selector: str = "main form.stacked button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


def test_operator_creates_a_plan_attaches_it_and_resolves_a_mismatch(
    live_server: Any, page: Any, towns: Any, stripe_fake: str
) -> None:
    log_in_operator(page, live_server, "olga@lq.example")
    # the plans page: a plan in euros
    page.goto(operator_url(live_server, "/billing/plans/"))
    assert _violations(page) == []
    page.fill("input[name=name]", "Gemeinde klein")
    page.fill("input[name=slug]", "gemeinde-klein")
    page.select_option("select[name=interval]", "month")
    page.fill("input[name=base_euros]", "99")
    page.fill("input[name=band_euros]", "10.50")
    page.fill("input[name=band_size]", "1000")
    _submit(page)
    plan = Plan.objects.get(slug="gemeinde-klein")
    assert (plan.base_cents, plan.band_cents) == (9_900, 1_050)
    assert "Gemeinde klein" in page.inner_text("table")

    # the town's billing page: attach the plan
    page.goto(operator_url(live_server, "/billing/towns/beta/"))
    assert _violations(page) == []
    page.select_option("select[name=plan]", str(plan.pk))
    page.fill("input[name=inhabitants]", "4200")
    page.fill("input[name=billing_email]", "kasse@beta.example")
    _submit(page)
    page.wait_for_url(re.compile(r"/billing/towns/beta/$"))
    assert "Stripe hat das Abonnement" in page.inner_text("main")  # German by default
    subscription = TownSubscription.objects.get(town__slug="beta")
    assert subscription.stripe_subscription_id
    found = stripe.Subscription.retrieve(subscription.stripe_subscription_id, **options())
    assert found.customer == subscription.stripe_customer_id
    # 99 € + 5 started bands of 1,000 at 10.50 €
    assert "151" in page.inner_text("main")

    # a mismatch the reconciliation could not repair, resolved with what was done
    mismatch = Mismatch.objects.create(
        kind="missing-in-stripe", stripe_id="in_verloren", detail="Bei uns offen, in Stripe nicht."
    )
    page.goto(operator_url(live_server, "/billing/mismatches/"))
    assert _violations(page) == []
    page.fill(f"textarea[name=m{mismatch.pk}-resolution]", "In Stripe geprüft: storniert.")
    _submit(page, f"form[action='/billing/mismatches/{mismatch.pk}/resolve/'] button")
    mismatch.refresh_from_db()
    assert mismatch.resolved_at is not None and mismatch.resolved_by == "olga@lq.example"
    assert "Keine offenen Abweichungen" in page.inner_text("main")
