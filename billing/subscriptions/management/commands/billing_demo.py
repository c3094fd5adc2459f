"""`manage.py billing_demo`: the demo's billing against the local fake Stripe — two plans, and
each demo town on one of them (customer and subscription in the fake Stripe, its first invoice
paid by the fake's test card). `./lq run` calls it after `demo` when Stripe is the local fake;
safe to run again (nothing is created twice). Refuses to run against real Stripe."""

from __future__ import annotations

from typing import Any

import stripe
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.operators.management.commands.demo import DEMO_TOWNS
from tenants.models import Town

from ...models import Interval, Plan, TownSubscription
from ...services import attach_plan, push_subscription

PLANS = [
    # slug, name, interval, base cents, band cents, band size
    ("gemeinde", "Gemeinde", Interval.MONTH, 9_900, 1_000, 1_000),
    ("stadt-jahr", "Stadt, jährlich", Interval.YEAR, 99_000, 9_000, 2_500),
]
# the demo towns' plans and (fictional) numbers of inhabitants
TOWNS = {"weil-der-stadt": ("stadt-jahr", 19_500), "rabenau": ("gemeinde", 4_200)}


class Command(BaseCommand):
    help = "Give the demo towns plans and subscriptions in the local fake Stripe."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.STRIPE_API_KEY:
            self.stdout.write("Billing is off (no STRIPE_API_KEY): no demo plans.")
            return
        if not settings.STRIPE_IS_FAKE:
            raise CommandError("billing_demo only runs against the local fake Stripe.")
        plans = {}
        for slug, name, interval, base, band, size in PLANS:
            plans[slug], _created = Plan.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "interval": interval,
                    "base_cents": base,
                    "band_cents": band,
                    "band_size": size,
                },
            )
        for demo in DEMO_TOWNS:
            town = Town.objects.filter(slug=demo.slug).first()
            if town is None or demo.slug not in TOWNS:
                continue
            plan_slug, inhabitants = TOWNS[demo.slug]
            existing = TownSubscription.objects.filter(town=town).first()
            try:
                if existing is None:
                    attach_plan(
                        town=town,
                        plan=plans[plan_slug],
                        inhabitants=inhabitants,
                        billing_email=f"kasse@{demo.domain}",
                    )
                elif not existing.stripe_subscription_id:
                    push_subscription(existing)
            except (stripe.StripeError, OSError) as error:
                self.stderr.write(f"{demo.name}: Stripe failed ({error}); run it again later")
                continue
            self.stdout.write(
                f"{demo.name}: plan {plans[plan_slug].name}, {inhabitants} inhabitants"
            )
