"""Run the Stripe reconciliation now (the hourly task's work), and print what it did."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from billing.subscriptions.reconcile import reconcile
from billing.subscriptions.stripe_client import BillingOff


class Command(BaseCommand):
    help = "Read Stripe's subscriptions and invoices and repair what lost webhooks left behind."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = reconcile()
        except BillingOff as error:
            raise CommandError(f"billing is off: {error}") from error
        self.stdout.write(
            f"{report.subscriptions_read} subscriptions and {report.invoices_read} invoices "
            f"read, {report.repaired} repaired, {len(report.mismatches)} mismatches, "
            f"{report.stripe_calls} Stripe calls"
        )
        for mismatch in report.mismatches:
            self.stdout.write(f"  mismatch: {mismatch}")
