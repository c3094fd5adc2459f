"""Ledger benchmark: the LQ Fonds' balance at 10k and 1M entries, and fee postings/s.

    ./lq bench ops/bench/ledger.py [--small 10000] [--large 1000000] [--calls 50]
                                   [--workers 4] [--seconds 10]

Creates its own database (lq_bench_<pid>, dropped at the end), provisions one town and
bulk-loads fund fees into its ledger: each fee one transaction "shop-fee:bench-<n>" with two
entries (the fund +x, one of 200 providers' receivables -x), written by INSERT … SELECT
from generate_series in batches of 50,000 transactions, so the ledger's deferred
balance triggers check every transaction at each batch's commit, as for any posting.
The entries are spread over the last two years, and every 20th fee is reversed. The large
ledger is loaded with the triggers off and then checked by one set-based query over the
whole ledger (`--checked-load` keeps them on: hours for 1M on a 2-core machine).

Measured at `--small` and at `--large` fund entries, after VACUUM ANALYZE (what autovacuum
would have done): `fund_balance()` `--calls` times (what the page and the home panel
show), `contributing_orders()` and `contributions_per_month()` over 12 months (the rest of
the fund page, a fifth as many calls), median and p95 in ms, with the plan of the balance's sum. At the large size
the same run adds a covering index `ledger_entry (account_id) INCLUDE (amount)`, measures
the balance again and drops the index (no migration: the figures decide).

Then, on the small ledger, fee postings per second through `billing.fees.services.
post_order_fee` (one transaction each, as the order service calls it): 1 worker as the
baseline, `--workers` processes each posting distinct orders for distinct providers, and
`--workers` processes all posting for ONE provider (one receivable account; the fund
account is shared by every posting anyway). Each process has its own connection.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, setup_django

TOWN = "kasse"
PROVIDERS = 200
BATCH = 50_000
REVERSE_EVERY = 20


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(call: Callable[[], Any], calls: int) -> tuple[float, float, Any]:
    """Median and p95 in ms of `calls` calls (after one warm-up call), and the last result."""
    result = call()
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), p95(samples), result


def load_fees(first: int, last: int, *, checked: bool = True) -> None:
    """Fees number first..last (inclusive) as balanced transactions, BATCH per commit.

    `checked=False` loads with the ledger's triggers off (session_replication_role=replica:
    the per-row balance trigger costs ~6 ms a fee on a loaded 2-core machine, hours for 1M)
    and then proves the same rules over the whole table with one set-based query."""
    from django.db import connection, transaction

    from billing.fees.services import fund_account, receivable_account

    fund = fund_account().pk
    receivables = [receivable_account(f"bench-provider-{n}").pk for n in range(PROVIDERS)]
    for start in range(first, last + 1, BATCH):
        stop = min(start + BATCH - 1, last)
        with transaction.atomic(), connection.cursor() as cursor:
            if not checked:
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                """
                WITH posted AS (
                    INSERT INTO ledger_transaction (public_id, key, memo, created_at)
                    SELECT gen_random_uuid(), 'shop-fee:bench-' || n, 'bench fee',
                           now() - (n %% 730) * interval '1 day' - (n %% 86400) * interval '1 s'
                    FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS n
                    RETURNING id, created_at
                )
                INSERT INTO ledger_entry (transaction_id, account_id, amount, created_at)
                SELECT id, %(fund)s, 100 + id %% 400, created_at FROM posted
                UNION ALL
                SELECT id, (%(receivables)s::bigint[])[1 + id %% %(providers)s],
                       -(100 + id %% 400), created_at
                FROM posted
                """,
                {
                    "start": start,
                    "stop": stop,
                    "fund": fund,
                    "receivables": receivables,
                    "providers": PROVIDERS,
                },
            )
            # Every REVERSE_EVERY-th fee reversed (the mirror image, pointing at it).
            cursor.execute(
                """
                WITH original AS (
                    SELECT posted.id, posted.key
                    FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS n
                    JOIN ledger_transaction AS posted ON posted.key = 'shop-fee:bench-' || n
                    WHERE n %% %(every)s = 0
                ), mirror AS (
                    INSERT INTO ledger_transaction (public_id, key, memo, reverses_id, created_at)
                    SELECT gen_random_uuid(), key || ':reversal', 'bench reversal', id, now()
                    FROM original
                    RETURNING id, reverses_id, created_at
                )
                INSERT INTO ledger_entry (transaction_id, account_id, amount, created_at)
                SELECT mirror.id, entry.account_id, -entry.amount, mirror.created_at
                FROM mirror JOIN ledger_entry AS entry ON entry.transaction_id = mirror.reverses_id
                """,
                {"start": start, "stop": stop, "every": REVERSE_EVERY},
            )
        print(f"  loaded fees {start:,}..{stop:,}", flush=True)
    if not checked:
        assert_balanced()


def assert_balanced() -> None:
    """What the deferred triggers check per transaction, for every transaction at once."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT COUNT(*) FROM ledger_transaction AS t
            LEFT JOIN (
                SELECT e.transaction_id, COUNT(*) AS sides, SUM(e.amount) AS total
                FROM ledger_entry AS e GROUP BY e.transaction_id
            ) AS s ON s.transaction_id = t.id
            WHERE s.sides IS NULL OR s.sides < 2 OR s.total <> 0
            """
        )
        (unbalanced,) = cursor.fetchone()
    if unbalanced:
        raise SystemExit(f"bench: {unbalanced} transactions are not balanced")
    print("  every transaction balanced (checked over the whole ledger)", flush=True)


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE ledger_entry")
        cursor.execute("VACUUM ANALYZE ledger_transaction")


def balance_plan() -> str:
    """The plan's scan nodes of the balance's sum (what the index choice changes)."""
    from django.db import connection
    from django.db.models import Sum

    from billing.fees.services import fund_account
    from billing.ledger.models import Entry

    sql, params = (
        Entry.objects.filter(account=fund_account())
        .values("account")
        .annotate(total=Sum("amount"))
        .values("total")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
    wanted = ("Scan", "Heap Fetches", "Execution Time")
    return "\n".join(f"    {line.strip()}" for line in lines if any(w in line for w in wanted))


def fund_entries() -> int:
    from billing.fees.services import fund_account
    from billing.ledger.models import Entry

    return Entry.objects.filter(account=fund_account()).count()


def measure(label: str, calls: int) -> dict[str, tuple[float, float]]:
    from billing.fees import selectors
    from modules.fund.selectors import last_months
    from portal.letters.periods import town_today

    since = last_months(town_today())[0]
    figures = {
        "fund_balance()": lambda: selectors.fund_balance(),
        "contributing_orders()": lambda: selectors.contributing_orders(),
        "contributions_per_month(12 months)": lambda: selectors.contributions_per_month(
            since=since
        ),
    }
    results = {}
    print(f"\n{label}: {fund_entries():,} fund entries")
    for name, call in figures.items():
        # The balance is the question; the page's other figures get a fifth of the calls.
        middle, high, value = timed(call, calls if name == "fund_balance()" else max(5, calls // 5))
        results[name] = (middle, high)
        shown = value if not isinstance(value, dict) else f"{len(value)} months"
        print(f"  {name:38} median {middle:8.2f} ms   p95 {high:8.2f} ms   ({shown})", flush=True)
    return results


def _worker(
    index: int, one_provider: bool, seconds: float, run: str, barrier: Any, out: Any
) -> None:
    from django.db import connection
    from django_tenants.utils import tenant_context

    from billing.fees.services import post_order_fee
    from tenants.models import Town

    connection.close()  # never the parent's socket
    town = Town.objects.get(slug=TOWN)
    latencies = []
    with tenant_context(town):
        post_order_fee(order_key=f"{run}-warm-{index}", provider_key="bench-warm", amount_cents=1)
        barrier.wait()
        start = time.perf_counter()
        number = 0
        while time.perf_counter() - start < seconds:
            provider = "bench-one" if one_provider else f"bench-w{index}-{number % 50}"
            began = time.perf_counter()
            post_order_fee(
                order_key=f"{run}-{index}-{number}", provider_key=provider, amount_cents=150
            )
            latencies.append((time.perf_counter() - began) * 1000)
            number += 1
        elapsed = time.perf_counter() - start
    connection.close()
    out.put((number, elapsed, latencies))


def postings_per_second(
    workers: int, *, one_provider: bool, seconds: float, run: str
) -> tuple[float, float, float]:
    """Postings/s of all workers together, and the median and p95 ms of one posting."""
    from django.db import connections

    connections.close_all()  # the children must not share the parent's connection
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers)
    out = context.Queue()
    processes = [
        context.Process(target=_worker, args=(n, one_provider, seconds, run, barrier, out))
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    results = [out.get() for _ in processes]
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"bench: a posting worker failed ({process.exitcode})")
    total = sum(count for count, _elapsed, _lat in results)
    elapsed = max(elapsed for _count, elapsed, _lat in results)
    latencies = [value for _c, _e, lat in results for value in lat]
    return total / elapsed, statistics.median(latencies), p95(latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--checked-load",
        action="store_true",
        help="load the large ledger with the balance triggers on (hours for 1M entries here)",
    )
    args = parser.parse_args()
    with bench_database():
        setup_django()
        from django.core.management import call_command
        from django.db import connection
        from django_tenants.utils import tenant_context

        from billing.fees import selectors
        from billing.ledger.models import Entry
        from portal.operators.services import provision_town
        from tenants.models import Town
        from tenants.services import ensure_public_and_template

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_and_template()
        provision_town(slug=TOWN, name="Kassenstadt", admin_email="admin@kasse.example")
        town = Town.objects.get(slug=TOWN)

        def in_town(call: Callable[[], Any]) -> Any:
            with tenant_context(Town.objects.get(pk=town.pk)):
                return call()

        # Fees are numbered so that every REVERSE_EVERY-th is reversed: the fund account
        # gets one entry per fee and one per reversal.
        small_fees = round(args.small / (1 + 1 / REVERSE_EVERY))
        large_fees = round(args.large / (1 + 1 / REVERSE_EVERY))
        start = time.perf_counter()
        in_town(lambda: load_fees(1, small_fees))
        in_town(vacuum)
        print(f"loaded in {time.perf_counter() - start:.1f} s")
        small = in_town(lambda: measure("small ledger", args.calls))
        print("  plan of the balance's sum:\n" + in_town(balance_plan))

        print(f"\nfee postings, {args.seconds:.0f} s per variant …", flush=True)
        rates = {}
        for label, workers, one in (
            ("1 worker (baseline)", 1, False),
            (f"{args.workers} workers, distinct providers", args.workers, False),
            (f"{args.workers} workers, ONE provider", args.workers, True),
        ):
            rates[label] = postings_per_second(
                workers, one_provider=one, seconds=args.seconds, run=f"r{len(rates)}"
            )
            rate, middle, high = rates[label]
            print(
                f"  {label:36} {rate:7.0f} postings/s   one posting median {middle:6.2f} ms"
                f"   p95 {high:6.2f} ms",
                flush=True,
            )
        ledger_checks = in_town(
            lambda: (
                selectors.fund_balance(),
                Entry.objects.filter(account__owner_kind="fund").count(),
            )
        )
        print(f"  fund after the postings: {ledger_checks[0]} cents in {ledger_checks[1]} entries")

        start = time.perf_counter()
        in_town(lambda: load_fees(small_fees + 1, large_fees, checked=args.checked_load))
        in_town(vacuum)
        print(f"loaded in {time.perf_counter() - start:.1f} s")
        large = in_town(lambda: measure("large ledger", args.calls))
        print("  plan of the balance's sum:\n" + in_town(balance_plan))

        def with_covering_index() -> Any:
            with connection.cursor() as cursor:
                cursor.execute(
                    "CREATE INDEX bench_entry_account_amount ON ledger_entry (account_id) "
                    "INCLUDE (amount)"
                )
            vacuum()
            figures = measure(
                "large ledger + covering index (account_id) INCLUDE (amount)", args.calls
            )
            plan = balance_plan()
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX bench_entry_account_amount")
            return figures, plan

        covered, plan = in_town(with_covering_index)
        print("  plan of the balance's sum:\n" + plan)

        print("\nsummary (ms, median / p95)")
        print(f"  {'':38} {'small':>17} {'large':>17} {'large+index':>17}")
        for name in small:
            cells = [small[name], large[name], covered[name]]
            print(f"  {name:38} " + " ".join(f"{m:8.2f} /{h:7.2f}" for m, h in cells))
        baseline = rates["1 worker (baseline)"][0]
        for label, (rate, _m, _h) in rates.items():
            print(f"  {label:38} {rate:7.0f} postings/s  ({rate / baseline:.2f}x the baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
