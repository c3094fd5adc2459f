"""A provider's monthly fee invoice: one row per provider and month, the plan of the Stripe
invoice before it exists and its state after.

Imported at the end of `models.py`, so Django finds the model in the shop app. The row is
written (state "pending") with a snapshot of the month's statement before Stripe is called;
a retry builds the invoice from that snapshot, so what Stripe holds is exactly what the row
says. It becomes "issued" only after Stripe finalized (sent) the invoice; Stripe's own status
is kept beside our state and only moves forward (billing.subscriptions.states).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Provider

STRIPE_ID_MAX = 100


class ProviderInvoice(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("being created")
        ISSUED = "issued", _("sent, not yet paid")
        PAID = "paid", _("paid")
        VOID = "void", _("cancelled")
        UNCOLLECTIBLE = "uncollectible", _("marked uncollectible")
        CREDIT = "credit", _("nothing to pay: credit carried to the next month")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="invoices", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=15, choices=State.choices, default=State.PENDING)
    # The statement as invoiced: [{"ledger_key", "order_number", "offer_title", "cents",
    # "is_reversal"}], and the credit taken over from earlier months (cents, <= 0).
    lines = models.JSONField(default=list)
    carried_in_cents = models.BigIntegerField(default=0)
    # What the invoice asks for: the lines plus the carried credit. In state "credit" it is
    # <= 0 and its opposite is the credit carried on (`credit_cents`).
    total_cents = models.BigIntegerField()
    # The credit this month leaves for a later one (> 0 only in state "credit"), and the
    # month's invoice that took it over.
    credit_cents = models.BigIntegerField(default=0)
    credit_taken_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credits_taken"
    )
    email = models.EmailField(blank=True)  # where Stripe sends it
    stripe_invoice_id = models.CharField(max_length=STRIPE_ID_MAX, blank=True)
    stripe_status = models.CharField(max_length=20, blank=True)  # forward only
    hosted_url = models.URLField(max_length=500, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    payment_failed_at = models.DateTimeField(null=True, blank=True)
    # When the provider was told (once each) of a failed payment / of the overdue invoice.
    failure_told_at = models.DateTimeField(null=True, blank=True)
    overdue_told_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-month", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "year", "month"], name="shop_one_invoice_per_provider_month"
            ),
            models.UniqueConstraint(
                fields=["stripe_invoice_id"],
                condition=~Q(stripe_invoice_id=""),
                name="shop_invoice_stripe_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="shop_invoice_month_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="credit") | Q(total_cents__lte=0),
                name="shop_invoice_credit_has_no_charge",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["issued", "paid", "uncollectible"])
                | ~Q(stripe_invoice_id=""),
                name="shop_invoice_issued_has_stripe_id",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="shop_invoice_state_due")]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.year:04d}-{self.month:02d}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.state == self.State.ISSUED
            and self.due_at is not None
            and self.due_at < timezone.now()
        )
