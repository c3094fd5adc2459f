"""What the operator site and a town's console show of billing: each town's plan, its
subscription's state, the next invoice, its open and paid invoices and the dunning flag; the
webhook events; the mismatches the reconciliation could not repair. Reads only, a fixed number
of queries whatever the number of towns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, QuerySet

from tenants.models import Town
from tenants.selectors import towns

from .models import Mismatch, Plan, TownInvoice, TownSubscription, WebhookEvent

OPEN = ("draft", "open", "uncollectible")
RECENT_EVENTS = 200


@dataclass
class TownBilling:
    town: Town
    subscription: TownSubscription | None
    open_invoices: list[TownInvoice] = field(default_factory=list)
    paid_invoices: list[TownInvoice] = field(default_factory=list)
    other_invoices: list[TownInvoice] = field(default_factory=list)  # void

    @property
    def next_invoice_at(self) -> datetime | None:
        """When Stripe invoices the town next: the end of the current period."""
        sub = self.subscription
        if sub is None or sub.status in ("canceled", "incomplete_expired"):
            return None
        return sub.current_period_end

    @property
    def next_invoice_cents(self) -> int | None:
        sub = self.subscription
        if sub is None or self.next_invoice_at is None:
            return None
        return sub.plan.price_for(sub.inhabitants)

    @property
    def open_cents(self) -> int:
        return sum(invoice.amount_due_cents for invoice in self.open_invoices)

    @property
    def needs_push(self) -> bool:
        """A plan was attached but its subscription did not reach Stripe (it can be pushed
        again)."""
        return self.subscription is not None and not self.subscription.stripe_subscription_id


def _invoices_by_subscription(subscription_ids: list[int]) -> dict[int, list[TownInvoice]]:
    found: dict[int, list[TownInvoice]] = defaultdict(list)
    for invoice in TownInvoice.objects.filter(subscription_id__in=subscription_ids).order_by(
        "-created", "-id"
    ):
        found[invoice.subscription_id].append(invoice)
    return found


def _billing(
    town: Town, subscription: TownSubscription | None, invoices: list[TownInvoice]
) -> TownBilling:
    row = TownBilling(town=town, subscription=subscription)
    for invoice in invoices:
        if invoice.status in OPEN:
            row.open_invoices.append(invoice)
        elif invoice.status == "paid":
            row.paid_invoices.append(invoice)
        else:
            row.other_invoices.append(invoice)
    return row


def billing_overview() -> list[TownBilling]:
    """Every town (not the template, not archived ones without a subscription), by name,
    with its billing (three queries)."""
    subscriptions = {
        sub.town_id: sub for sub in TownSubscription.objects.select_related("plan").all()
    }
    invoices = _invoices_by_subscription([sub.pk for sub in subscriptions.values()])
    rows = []
    for town in towns().filter(is_template=False).order_by("name"):
        sub = subscriptions.get(town.pk)
        if town.status == Town.Status.ARCHIVED and sub is None:
            continue
        rows.append(_billing(town, sub, invoices.get(sub.pk, []) if sub else []))
    return rows


def town_billing(town: Town) -> TownBilling:
    """One town's billing (two queries): for its page on the operator site and its console."""
    sub: TownSubscription | None = (
        TownSubscription.objects.select_related("plan").filter(town=town).first()
    )
    invoices = _invoices_by_subscription([sub.pk]).get(sub.pk, []) if sub else []
    return _billing(town, sub, invoices)


def plans() -> QuerySet[Plan]:
    """The plans with how many towns have each (one query)."""
    return Plan.objects.annotate(town_count=Count("subscriptions")).order_by("-is_active", "name")


def active_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(is_active=True).order_by("name")


def recent_events(*, outcome: str = "") -> QuerySet[WebhookEvent]:
    events = WebhookEvent.objects.order_by("-received_at", "-id")
    if outcome:
        events = events.filter(outcome=outcome)
    return events[:RECENT_EVENTS]


def open_mismatches() -> QuerySet[Mismatch]:
    return Mismatch.objects.filter(resolved_at__isnull=True).order_by("-found_at", "-id")


def attention_counts() -> dict[str, int]:
    """What the operator should look at: towns in dunning, open mismatches, events for
    unknown customers in the last listing."""
    return {
        "dunning": TownSubscription.objects.filter(dunning_since__isnull=False).count(),
        "mismatches": open_mismatches().count(),
        "unknown_events": WebhookEvent.objects.filter(outcome=WebhookEvent.Outcome.UNKNOWN).count(),
    }
