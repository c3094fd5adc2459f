"""Billing benchmark: the monthly invoicing run of one town's providers, against localstripe.

    ./lq bench ops/bench/billing_invoices.py [--providers 2000] [--fees 2]

One town with `--providers` businesses, each with `--fees` fund fees last month (and every
tenth one a reversal); the run `invoice_month` makes one Stripe invoice per provider, as the
beat task does on the first of the month. Prints the run's seconds, providers per second, and
Stripe calls per provider (by kind); then a second run (the task retried), which must change
nothing, and as a baseline in the same process the cost of one Stripe call (a customer
retrieve) against the same fake. Starts a localstripe of its own on a free port.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, setup_django

ROOT = Path(__file__).resolve().parents[2]


def start_fake_stripe() -> tuple[subprocess.Popen[bytes], str]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "ops" / "localstripe_server.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process, f"http://127.0.0.1:{port}"
        time.sleep(0.05)
    process.terminate()
    raise SystemExit("bench: localstripe did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--providers", type=int, default=2_000)
    parser.add_argument("--fees", type=int, default=2)
    args = parser.parse_args()
    process, base = start_fake_stripe()
    try:
        with bench_database():
            setup_django()
            return run(args, base)
    finally:
        process.terminate()
        process.wait(timeout=10)


def run(args: argparse.Namespace, base: str) -> int:
    import stripe
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STRIPE_API_KEY = "sk_test_bench"
    settings.STRIPE_API_BASE = base
    settings.STRIPE_IS_FAKE = False  # no test cards: the invoices are sent, not charged
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    from tenants.services import ensure_public_and_template

    ensure_public_and_template()
    from billing.fees.services import post_order_fee, reverse_order_fee
    from billing.subscriptions.stripe_client import options
    from modules.shop.models import Provider
    from modules.shop.models_invoices import ProviderInvoice
    from modules.shop.selectors_invoices import receivables_check
    from modules.shop.services import invoices as invoicing
    from portal.accounts.models import User
    from portal.letters.periods import town_zone
    from portal.operators.services import provision_town

    town = provision_town(slug="rechnungsdorf", name="Rechnungsdorf", admin_email="a@x.example")
    month = invoicing.previous_month()
    with tenant_context(town):
        owner = User.objects.create_user("inhaber@x.example", "x" * 20)
        zone = town_zone()
        started = time.perf_counter()
        for n in range(args.providers):
            provider = Provider.objects.create(
                name=f"Betrieb {n}",
                slug=f"betrieb-{n}",
                owner=owner,
                created_by=owner,
                status=Provider.Status.APPROVED,
                request_email=f"betrieb{n}@x.example",
            )
            Provider.objects.filter(pk=provider.pk).update(
                created_at=timezone.now() - timedelta(days=120)
            )
            for f in range(args.fees):
                at = datetime.combine(month.first_day.replace(day=3 + f), clock(10), tzinfo=zone)
                key = f"bench-{n}-{f}"
                post_order_fee(
                    order_key=key, provider_key=str(provider.public_id), amount_cents=250, at=at
                )
            if n % 10 == 0:
                reverse_order_fee(order_key=f"bench-{n}-0", reason="storniert", at=at)
        print(
            f"set-up: {args.providers} providers, {args.fees} fees each, "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )

        # baseline: one Stripe call against the same fake, in the same process
        customer = stripe.Customer.create(email="baseline@x.example", **options())
        singles = []
        for _n in range(200):
            t0 = time.perf_counter()
            stripe.Customer.retrieve(customer.id, **options())
            singles.append((time.perf_counter() - t0) * 1000)
        single = statistics.median(singles)
        print(f"baseline, one Stripe call (customer retrieve): median {single:.2f} ms", flush=True)

        invoicing.CALLS.count = 0
        invoicing.CALLS.by_kind.clear()
        started = time.perf_counter()
        result = invoicing.invoice_month(period=month)
        elapsed = time.perf_counter() - started
        calls = invoicing.CALLS.count
        print(
            f"monthly run: {result.issued} invoices sent, {result.credits} credits, "
            f"{elapsed:.1f} s, {args.providers / elapsed:.1f} providers/s, "
            f"{elapsed / args.providers * 1000:.1f} ms per provider",
            flush=True,
        )
        print(
            f"  Stripe calls: {calls} = {calls / args.providers:.2f} per provider "
            f"({', '.join(f'{k} {v}' for k, v in sorted(invoicing.CALLS.by_kind.items()))}); "
            f"{calls * single / 1000:.1f} s of that is the fake's own call time at the median",
            flush=True,
        )
        assert ProviderInvoice.objects.filter(state="issued").count() == args.providers
        check = receivables_check()
        assert check.balanced, check.differences[:3]
        print(
            f"  ledger: receivables {check.ledger_owed_cents} cents = open invoices "
            f"{check.expected_cents} cents",
            flush=True,
        )

        invoicing.CALLS.count = 0
        started = time.perf_counter()
        again = invoicing.invoice_month(period=month)
        print(
            f"second run (retried task): {again.unchanged} unchanged, {again.issued} sent, "
            f"{invoicing.CALLS.count} Stripe calls, {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        assert again.issued == 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
