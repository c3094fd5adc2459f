"""`manage.py fake_stripe_pay <stripe invoice id>`: pay an invoice in the local fake Stripe
through its API, as a customer would on Stripe's hosted page (for trying the demo: the
fake then sends the payment webhook that settles it). Refuses to run against real Stripe."""

from __future__ import annotations

from typing import Any

import stripe
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...stripe_client import as_dict, options


class Command(BaseCommand):
    help = "Pay an invoice in the local fake Stripe (demo only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("invoice", help="the Stripe invoice id, e.g. in_...")

    def handle(self, *args: Any, **opts: Any) -> None:
        if not settings.STRIPE_API_KEY or not settings.STRIPE_IS_FAKE:
            raise CommandError("fake_stripe_pay only pays invoices in the local fake Stripe.")
        try:
            paid = as_dict(stripe.Invoice.pay(opts["invoice"], **options()))
        except stripe.StripeError as error:
            raise CommandError(f"The fake Stripe refused: {error}") from error
        self.stdout.write(f"{paid['id']}: {paid['status']}, {paid.get('amount_paid', 0)} cents")
