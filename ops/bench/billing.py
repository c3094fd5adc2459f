"""Billing benchmark: Stripe webhooks through the real view on the operator host.

    ./lq bench ops/bench/billing.py [--events 3000] [--duplicates 0.1] [--senders 4]

Signed events (the SDK's own signature) for the towns' invoices and subscriptions, 10% of
them delivered a second time, are posted to /billing/stripe/webhook/ one after another and
then by several senders at once (each on its own connection). Prints the median and p95
latency per delivery, deliveries per second, and the same figures for a baseline in the same
process: the signature check alone (stripe.Webhook.construct_event). No fake Stripe is
needed: a webhook makes no call to Stripe. The monthly invoicing of providers is measured by
ops/bench/billing_invoices.py.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, setup_django

SECRET = "whsec_bench"  # noqa: S105 — the bench's own signing secret
TOWNS = 20


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def make_events(count: int, duplicates: float, rng: random.Random) -> list[dict[str, Any]]:
    now = int(time.time())
    events: list[dict[str, Any]] = []
    for n in range(count):
        town = n % TOWNS
        if n % 5 == 0:
            obj: dict[str, Any] = {
                "id": f"sub_{town}",
                "object": "subscription",
                "customer": f"cus_{town}",
                "status": rng.choice(["active", "past_due", "active"]),
                "current_period_end": now + 86_400 * 30,
            }
            kind = "customer.subscription.updated"
        else:
            status = rng.choice(["draft", "open", "paid"])
            obj = {
                "id": f"in_{n // 3}",
                "object": "invoice",
                "customer": f"cus_{town}",
                "status": status,
                "amount_due": 15_900,
                "amount_paid": 15_900 if status == "paid" else 0,
                "currency": "eur",
                "created": now - 3_600,
                "metadata": {},
            }
            kind = {"draft": "invoice.created", "open": "invoice.finalized"}.get(
                status, "invoice.paid"
            )
        events.append(
            {
                "id": f"evt_{n}",
                "object": "event",
                "type": kind,
                "created": now + n,
                "data": {"object": obj},
            }
        )
    repeated = rng.sample(events, int(count * duplicates))
    mixed = events + repeated
    rng.shuffle(mixed)
    return mixed


def signed(events: list[dict[str, Any]]) -> list[tuple[bytes, str]]:
    import stripe

    out = []
    for event in events:
        body = json.dumps(event)
        out.append((body.encode(), stripe.WebhookSignature.generate_signature_header(body, SECRET)))
    return out


def baseline(deliveries: list[tuple[bytes, str]]) -> list[float]:
    import stripe

    timings = []
    for body, header in deliveries:
        started = time.perf_counter()
        stripe.Webhook.construct_event(body, header, SECRET, tolerance=300)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def deliver(host: str, deliveries: list[tuple[bytes, str]], timings: list[float]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=host)
    outcomes: dict[str, int] = {}
    try:
        for body, header in deliveries:
            started = time.perf_counter()
            response = client.post(
                "/billing/stripe/webhook/",
                data=body,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=header,
            )
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
            outcome = response.json()["outcome"]
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    finally:
        connection.close()
    return outcomes


def report(label: str, timings: list[float], elapsed: float) -> None:
    print(
        f"{label}: {len(timings)} deliveries, median {statistics.median(timings):.2f} ms, "
        f"p95 {p95(timings):.2f} ms, {len(timings) / elapsed:.0f} deliveries/s",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=3_000)
    parser.add_argument("--duplicates", type=float, default=0.1)
    parser.add_argument("--senders", type=int, default=4)
    args = parser.parse_args()
    rng = random.Random(11)
    with bench_database():
        setup_django()
        from django.conf import settings
        from django.core.management import call_command

        from billing.subscriptions.models import Plan, TownSubscription, WebhookEvent
        from portal.operators.services import provision_town
        from tenants.services import ensure_public_and_template

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.STRIPE_WEBHOOK_SECRET = SECRET
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_and_template()
        plan = Plan.objects.create(slug="bench", name="Bench", base_cents=9_900)
        town = provision_town(slug="rechnungsdorf", name="Rechnungsdorf", admin_email="a@x.example")
        from tenants.models import Town

        for n in range(TOWNS):
            # One real town; the others are rows of the public schema the events name.
            owner = (
                town
                if n == 0
                else Town.objects.create(
                    schema_name=f"bench_{n}", slug=f"bench-{n}", name=f"Bench {n}"
                )
            )
            TownSubscription.objects.create(
                town=owner,
                plan=plan,
                inhabitants=5_000,
                billing_email="kasse@x.example",
                stripe_customer_id=f"cus_{n}",
                stripe_subscription_id=f"sub_{n}",
            )
        host = settings.LQ_BASE_DOMAIN

        one = signed(make_events(args.events, args.duplicates, rng))
        started = time.perf_counter()
        base = baseline(one)
        report("baseline, signature check alone", base, time.perf_counter() - started)

        timings: list[float] = []
        started = time.perf_counter()
        outcomes = deliver(host, one, timings)
        elapsed = time.perf_counter() - started
        report("one sender", timings, elapsed)
        print(f"  outcomes: {dict(sorted(outcomes.items()))}", flush=True)
        print(
            f"  ratio to the signature check alone: median "
            f"{statistics.median(timings) / statistics.median(base):.1f}x",
            flush=True,
        )
        assert outcomes.get("duplicate", 0) == len(one) - args.events
        assert WebhookEvent.objects.count() == args.events

        # then several senders at once, on fresh events (ids offset), same share of repeats
        many = make_events(args.events, args.duplicates, rng)
        for event in many:
            event["id"] = f"evt_b{event['id']}"
        deliveries = signed(many)
        chunks = [deliveries[n :: args.senders] for n in range(args.senders)]
        timings = []
        threads = [
            threading.Thread(target=deliver, args=(host, chunk, timings)) for chunk in chunks
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report(f"{args.senders} senders at once", timings, time.perf_counter() - started)
        assert WebhookEvent.objects.count() == 2 * args.events
    return 0


if __name__ == "__main__":
    sys.exit(main())
