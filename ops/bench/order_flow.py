"""Order-flow benchmark: request submitted -> provider's e-mail queued, and orders/s through
the whole lifecycle with the fee posted, against the same flow without the ledger.

    ./lq bench ops/bench/order_flow.py [--requests 200] [--orders 100] [--rounds 4]
                                       [--without-mails]

Creates its own database (lq_bench_<pid>, dropped at the end), provisions one town with an
approved business, a published offer and residents (the test factories, inside the town).

1. Request to e-mail: `request_offer()` is called as the request page calls it (its own
   transaction; the order's event task is queued on commit). Tasks run eagerly in this
   process (the test settings), so the order's event task runs at the commit, renders its
   mails and queues them; the clock stops when `send_town_email` is queued (its
   `apply_async`, patched here to record the message instead of sending it: "queued" is what
   a broker would have) with the business's request address among the recipients. Median
   and p95 over `--requests` requests. If no mail to the business was queued, the run stops
   with a message: the mails are missing (`modules/shop/order_mails.py`), and a figure
   would be meaningless. `--without-mails` skips this part (for a branch without them).
2. Lifecycle: request -> accept (the first window) -> confirm (the resident) -> complete
   (the business) with the town's default fee rule (2.00 EUR, due at completion), so
   every order posts its fee through `post_order_fee`. The same flow "without the ledger"
   replaces the order service's `post_order_fee` by a no-op (`unittest.mock.patch`, in this
   bench only). The two variants alternate for `--rounds` rounds of `--orders` orders each
   in the same process and run; orders/s of each and their ratio. The fund's balance is
   checked against the number of completed orders afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, setup_django

TOWN = "auftragsstadt"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class MailRecorder:
    """Stands in for `send_town_email.apply_async`: notes when and to whom a mail was queued."""

    def __init__(self) -> None:
        self.queued: list[tuple[float, list[str]]] = []

    def __call__(self, args: Any = (), kwargs: Any = None, **options: Any) -> None:
        recipients = list(args[1]) if len(args) > 1 else list((kwargs or {}).get("to", []))
        self.queued.append((time.perf_counter(), recipients))

    def first_to(self, address: str, *, after: float) -> float | None:
        for at, recipients in self.queued:
            if at >= after and address in recipients:
                return at
        return None


def request_fields() -> dict[str, Any]:
    from tests.factories.shop import soon

    return {
        "need": "Drei Fenster im Erdgeschoss putzen, innen und außen.",
        "windows": [soon(days=3), soon(days=4)],
        "place": "Marktplatz 1, 71263 Weil der Stadt",
        "note": "Bitte vorher anrufen.",
    }


def lifecycle(offer: Any, resident: Any, owner: Any) -> None:
    from modules.shop.services import orders

    order = orders.request_offer(offer=offer, by=resident, **request_fields())
    window = orders.windows_of(order)[0]
    order = orders.accept_order(order=order, by=owner, start=window.start, end=window.end)
    order = orders.confirm_order(order=order, by=resident)
    orders.complete_order(order=order, by=owner)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--without-mails", action="store_true")
    args = parser.parse_args()
    with bench_database():
        setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from django_tenants.utils import tenant_context

        from billing.fees import selectors as fees
        from modules.shop.services import orders
        from portal.accounts.models import Role
        from portal.mail import send_town_email
        from portal.operators.services import provision_town
        from tenants.services import ensure_public_and_template
        from tests.factories import UserFactory
        from tests.factories.shop import OfferFactory, ProviderFactory

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_and_template()
        town = provision_town(slug=TOWN, name="Auftragsstadt", admin_email="admin@auftrag.example")
        recorder = MailRecorder()
        with tenant_context(town), mock.patch.object(send_town_email, "apply_async", recorder):
            owner = UserFactory(email="inhaberin@auftrag.example", roles=[Role.PROVIDER])
            provider = ProviderFactory(
                name="Glanz & Klar Fensterputz",
                slug="glanz-klar",
                owner=owner,
                request_email="anfragen@glanz-klar.example",
            )
            offer = OfferFactory(provider=provider, title="Fenster putzen, Stundenpreis")
            residents = [UserFactory(email=f"bewohner{n}@auftrag.example") for n in range(20)]

            if not args.without_mails:
                seconds = []
                for number in range(args.requests):
                    start = time.perf_counter()
                    orders.request_offer(
                        offer=offer, by=residents[number % len(residents)], **request_fields()
                    )
                    queued = recorder.first_to(provider.request_email, after=start)
                    if queued is None:
                        raise SystemExit(
                            "bench: FAILED: no e-mail to the business's request address "
                            f"({provider.request_email}) was queued by request_offer() and its "
                            "order event task. The request mails are missing: "
                            "modules/shop/order_mails.py must queue them through "
                            "portal.mail.queue_town_email. (--without-mails skips this part.)"
                        )
                    seconds.append((queued - start) * 1000)
                print(
                    f"request submitted -> business e-mail queued: median "
                    f"{statistics.median(seconds):.1f} ms, p95 {p95(seconds):.1f} ms "
                    f"({args.requests} requests, {len(recorder.queued)} mails queued)",
                    flush=True,
                )

            balance_before = fees.fund_balance()
            with_ledger = 0
            timings: dict[str, list[tuple[int, float]]] = {"with ledger": [], "without": []}
            for round_number in range(args.rounds):
                for variant in ("with ledger", "without"):
                    patch: Any = (
                        mock.patch.object(orders, "post_order_fee", lambda **_kw: None)
                        if variant == "without"
                        else contextlib.nullcontext()
                    )
                    with patch:
                        start = time.perf_counter()
                        for number in range(args.orders):
                            lifecycle(offer, residents[number % len(residents)], owner)
                        elapsed = time.perf_counter() - start
                    timings[variant].append((args.orders, elapsed))
                    if variant == "with ledger":
                        with_ledger += args.orders
                    print(
                        f"round {round_number + 1}, {variant:11}: "
                        f"{args.orders / elapsed:6.1f} orders/s",
                        flush=True,
                    )
            posted = fees.fund_balance() - balance_before
            expected = with_ledger * 200
            if posted != expected:
                raise SystemExit(f"bench: the fund grew by {posted} cents, not {expected}")
            rates = {
                variant: sum(count for count, _ in runs) / sum(elapsed for _, elapsed in runs)
                for variant, runs in timings.items()
            }
            print()
            print(f"lifecycle with the fee posted   {rates['with ledger']:6.1f} orders/s")
            print(f"lifecycle without the ledger    {rates['without']:6.1f} orders/s")
            print(
                f"ratio with/without              {rates['with ledger'] / rates['without']:.3f} "
                f"(the fund grew by {posted} cents for {with_ledger} orders)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
