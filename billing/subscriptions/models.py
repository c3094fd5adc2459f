"""Billing in the public schema: plans, the towns' Stripe customers and subscriptions, their
invoices, our record of every object we create in Stripe, and the webhook inbox.

Amounts are integer euro cents. Stripe's ids are stored as Stripe gives them. A state that
Stripe moves (a subscription's status, an invoice's status) only moves forward here
(`states.py`), so events that arrive late or twice cannot undo a newer state.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STRIPE_ID_MAX = 100
KEY_MAX = 200


class Interval(models.TextChoices):
    MONTH = "month", _("monthly")
    YEAR = "year", _("yearly")


class Plan(models.Model):
    """What a town pays: a base price plus a price per band of inhabitants, per interval.

    In Stripe a plan is a product, and a town's price is one (legacy) plan of that product per
    number of bands, amount `price_for(bands)`, made when the first town of that size needs
    it: one subscription item, which is also all localstripe's subscriptions can have."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    interval = models.CharField(
        _("billed"), max_length=5, choices=Interval.choices, default=Interval.MONTH
    )
    base_cents = models.PositiveIntegerField(_("base price (cents)"))
    band_cents = models.PositiveIntegerField(_("price per band (cents)"), default=0)
    band_size = models.PositiveIntegerField(_("inhabitants per band"), default=1000)
    is_active = models.BooleanField(default=True)
    stripe_product_id = models.CharField(max_length=STRIPE_ID_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(band_size__gt=0), name="plan_band_size_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def bands_for(self, inhabitants: int) -> int:
        """How many bands a town of `inhabitants` pays (a started band counts)."""
        return max(0, -(-inhabitants // self.band_size))

    def price_for(self, inhabitants: int) -> int:
        """Cents per interval for a town of `inhabitants`."""
        return self.price_for_bands(self.bands_for(inhabitants))

    def price_for_bands(self, bands: int) -> int:
        return self.base_cents + self.band_cents * bands


class TownSubscription(models.Model):
    """A town's plan and its Stripe customer and subscription (one per town)."""

    town = models.OneToOneField(
        "tenants.Town", on_delete=models.PROTECT, related_name="subscription"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    inhabitants = models.PositiveIntegerField(_("inhabitants"))
    billing_email = models.EmailField(_("billing e-mail"))
    days_until_due = models.PositiveSmallIntegerField(default=30)
    stripe_customer_id = models.CharField(max_length=STRIPE_ID_MAX, blank=True)
    stripe_plan_id = models.CharField(max_length=STRIPE_ID_MAX, blank=True)
    stripe_subscription_id = models.CharField(max_length=STRIPE_ID_MAX, blank=True)
    # Stripe's status ("incomplete", "active", "past_due", "canceled", ...), "" before it
    # exists; `status_at` is the Stripe time (event or object) it was read at: an older
    # reading never replaces a newer one.
    status = models.CharField(max_length=30, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    # Set when an invoice is unpaid past the grace period; an operator decides what follows.
    dunning_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["town__name"]

    def __str__(self) -> str:
        return f"{self.town_id}: {self.plan_id}"


class TownInvoice(models.Model):
    """A Stripe invoice to a town, as the webhooks and the reconciliation saw it."""

    stripe_invoice_id = models.CharField(max_length=STRIPE_ID_MAX, unique=True)
    subscription = models.ForeignKey(
        TownSubscription, on_delete=models.PROTECT, related_name="invoices"
    )
    status = models.CharField(max_length=20)  # draft, open, paid, uncollectible, void
    amount_due_cents = models.BigIntegerField(default=0)
    amount_paid_cents = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="eur")
    created = models.DateTimeField()  # Stripe's time of the invoice
    due_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    hosted_url = models.URLField(max_length=500, blank=True)
    dunning_mailed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.stripe_invoice_id


class StripeRecord(models.Model):
    """Our own record of an object we create in Stripe, keyed by our immutable ids.

    Written (state "pending") and committed before the call, completed with Stripe's id after
    it. A retry finds the record: done, it returns the id without calling; pending, it first
    looks the object up in Stripe by the key in its metadata, and creates it only if absent.
    So a retry after a timeout never makes a second object, even against a Stripe (or a
    fake) that ignores the Idempotency-Key header."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")

    key = models.CharField(max_length=KEY_MAX, unique=True)
    kind = models.CharField(max_length=40)  # customer, subscription, invoice, invoiceitem, ...
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    stripe_id = models.CharField(max_length=STRIPE_ID_MAX, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="pending") | ~Q(stripe_id=""), name="stripe_record_done_has_id"
            ),
        ]

    def __str__(self) -> str:
        return self.key


class WebhookEvent(models.Model):
    """Every Stripe event we accepted, by its id, written in the transaction of its effect:
    a second delivery finds the row and does nothing."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("applied")
        STALE = "stale", _("older than what we know")
        IGNORED = "ignored", _("not a type we act on")
        UNKNOWN = "unknown", _("for an unknown customer or town")

    event_id = models.CharField(max_length=STRIPE_ID_MAX, unique=True)
    type = models.CharField(max_length=80)
    created = models.DateTimeField()  # Stripe's time of the event
    received_at = models.DateTimeField(default=timezone.now)
    object_id = models.CharField(max_length=STRIPE_ID_MAX, blank=True)
    town_schema = models.CharField(max_length=63, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["outcome", "received_at"])]

    def __str__(self) -> str:
        return f"{self.event_id} ({self.type})"


class ReconcileCursor(models.Model):
    """How far the reconciliation has read one kind of Stripe object (by Stripe's `created`)."""

    name = models.CharField(max_length=40, unique=True)  # "subscriptions", "invoices"
    created_since = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Mismatch(models.Model):
    """A difference between Stripe and us that the reconciliation could not repair; listed
    for operators until one of them marks it resolved."""

    kind = models.CharField(max_length=40)  # e.g. "invoice-amount", "missing-in-stripe"
    stripe_id = models.CharField(max_length=STRIPE_ID_MAX)
    town_schema = models.CharField(max_length=63, blank=True)
    detail = models.CharField(max_length=500)
    found_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Who marked it resolved (the operator's e-mail) and what they did about it.
    resolved_by = models.CharField(max_length=254, blank=True)
    resolution = models.CharField(_("what was done"), max_length=500, blank=True)

    class Meta:
        ordering = ["-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "stripe_id"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_mismatch_per_kind_and_object",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.stripe_id}"
