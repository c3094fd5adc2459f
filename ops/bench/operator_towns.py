"""Operator town list benchmark: the list page at 100 and at 10,000 towns, in one run.

    ./lq bench ops/bench/operator_towns.py [--towns 10000] [--baseline 100] [--samples 40]
                                           [--counted 50]

Town and Domain rows are inserted with bulk_create in the public schema, without schemas
(the list must not need them; provisioning is measured by provisioning.py). The first
`--counted` towns by name get a one-table schema (an empty `accounts_user` like the public
one) so that the first page's user counts run their UNION as in production. Every tenth town
is suspended, every fiftieth archived. An operator (with an authenticator, as operators must)
then asks for the list through Django's test client on the operator host: the first page, a
narrow search, a broad search, a search by domain only, the status filter and page 100 — first
with `--baseline` towns, then again after growing to `--towns`. Requests of the same phase are
interleaved; each is timed `--samples` times after one warm-up. Prints median and p95 ms and
the number of SQL queries per page, and the ratio 10,000 / 100.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, setup_django

PAGES = [
    ("first page", {}),
    ("search 'ort 0004' (narrow)", {"q": "ort 0004"}),
    ("search '7' (broad)", {"q": "7"}),
    ("search 'ort-00042.' (domain)", {"q": "ort-00042."}),
    ("status suspended", {"status": "suspended"}),
    ("page 100", {"page": "100"}),
    ("search '7', page 20", {"q": "7", "page": "20"}),
]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def add_towns(start: int, stop: int) -> None:
    from django.db import transaction

    from tenants.models import Domain, Town

    batch = 2_000
    for low in range(start, stop, batch):
        numbers = range(low, min(stop, low + batch))
        with transaction.atomic():
            made = Town.objects.bulk_create(
                Town(
                    schema_name=f"ort_{n:05}",
                    slug=f"ort-{n:05}",
                    name=f"Ort {n:05}",
                    status=(
                        Town.Status.ARCHIVED
                        if n % 50 == 0
                        else Town.Status.SUSPENDED
                        if n % 10 == 0
                        else Town.Status.ACTIVE
                    ),
                )
                for n in numbers
            )
            Domain.objects.bulk_create(
                Domain(tenant=town, domain=f"{town.slug}.lq.test", is_primary=True) for town in made
            )


def give_count_schemas(count: int) -> None:
    """An empty accounts_user in the first `count` towns' schemas (the list counts their users)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for n in range(count):
            cursor.execute(f"CREATE SCHEMA ort_{n:05}")
            cursor.execute(f"CREATE TABLE ort_{n:05}.accounts_user (LIKE public.accounts_user)")


def operator_client() -> Any:
    from django.conf import settings
    from django.test import Client
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.accounts.models import User

    password = "bench-Passwort-1"  # noqa: S105 — the bench's own operator
    operator = User.objects.create_user(
        "bench@lq.example", password, full_name="Bench", is_staff=True
    )
    device = TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    client = Client(HTTP_HOST=settings.LQ_BASE_DOMAIN)
    response = client.post("/login/", {"username": operator.email, "password": password})
    assert response.status_code == 302, response.status_code
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = client.post("/accounts/two-factor/code/", {"code": f"{totp.token():06d}"})
    assert response.status_code == 302, response.content[:300]
    return client


def measure(client: Any, samples: int) -> dict[str, dict[str, Any]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.operators.selectors import find_towns

    results: dict[str, dict[str, Any]] = {}
    for label, params in PAGES:
        # Counted right after a warm request: the host->town cache (LQ_TOWN_CACHE_SECONDS)
        # otherwise adds its one query to whichever request finds it expired.
        client.get("/", params)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/", params)
        assert response.status_code == 200, (label, response.status_code)
        sql = [f"{q['time']} s  {q['sql']}" for q in captured.captured_queries]
        results[label] = {
            "ms": [],
            "sql_ms": [],
            "queries": len(sql),
            "union": any("UNION ALL" in q or "accounts_user WHERE" in q for q in sql),
            "sql": sql,
            "rows": response.content.count(b'<th scope="row">'),
            "found": find_towns(query=params.get("q", ""), status=params.get("status", "")).count(),
        }
    in_sql = [0.0]

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_sql[0] += time.perf_counter() - started

    with connection.execute_wrapper(timed):
        for _ in range(samples):
            for label, params in PAGES:
                in_sql[0] = 0.0
                started = time.perf_counter()
                client.get("/", params)
                results[label]["ms"].append((time.perf_counter() - started) * 1000)
                results[label]["sql_ms"].append(in_sql[0] * 1000)
    return results


def explain(query: str) -> None:
    """PostgreSQL's plans of the list's count, first page and page 100 at the grown size,
    as chosen and with index scans off (i.e. without the (name, slug) index)."""
    from django.db import connection, transaction

    from portal.operators.selectors import find_towns

    found = find_towns(query=query)
    pages = (
        ("count", found.order_by().values("pk")),  # Paginator's count drops the order
        ("first page", found[:50]),
        ("page 100", found[4950:5000]),
    )
    for label, queryset in pages:
        sql, params = queryset.query.sql_with_params()
        if label == "count":
            sql = f"SELECT count(*) FROM ({sql}) AS found"  # noqa: S608 — our own SQL
        for setting in ("on", "off"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL enable_indexscan = {setting}")
                cursor.execute(f"SET LOCAL enable_bitmapscan = {setting}")
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
                print(f"-- {label} of {query!r}, index scans {setting}")
                print("\n".join(row[0] for row in cursor.fetchall()))


def compare_search_forms(query: str, rounds: int = 25) -> None:
    """The search as EXISTS (the selector's) against a UNION of two id lists, interleaved."""
    from django.db.models import Q

    from portal.operators.selectors import find_towns
    from tenants.models import Domain, Town
    from tenants.selectors import towns

    by_name = Town.objects.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    by_domain = Domain.objects.filter(domain__icontains=query)
    forms = {
        "EXISTS (selector)": find_towns(query=query),
        "UNION of id lists": towns()
        .order_by("name", "slug")
        .filter(pk__in=by_name.order_by().values("pk").union(by_domain.values("tenant_id"))),
    }
    timings: dict[str, list[float]] = {label: [] for label in forms}
    for _ in range(rounds):
        for label, found in forms.items():
            started = time.perf_counter()
            found.count()
            list(found[:50])
            timings[label].append((time.perf_counter() - started) * 1000)
    for label, values in timings.items():
        print(
            f"search {query!r}, {label}: count + first page median "
            f"{statistics.median(values):.1f} ms, p95 {p95(values):.1f} ms"
        )


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tenants_town")
        cursor.execute("ANALYZE tenants_domain")


def report(
    args: argparse.Namespace, before: dict[str, Any], grown: dict[str, Any], after: dict[str, Any]
) -> None:
    n, big = args.baseline, args.towns
    print()
    print(
        f"{'page':30} {n:>5} towns (before/after) {big:>7} towns  ratio  SQL ms of the median "
        f"({n} / {big})  queries ({n} / {big})"
    )
    print(f"{'':30} {'median':>13} {'p95':>13} {'median':>7} {'p95':>7}")
    for label, _params in PAGES:
        a, b, c = before[label], grown[label], after[label]
        base = (statistics.median(a["ms"]) + statistics.median(c["ms"])) / 2
        mb = statistics.median(b["ms"])

        def q(r: dict[str, Any]) -> str:
            return f"{r['queries']}{'*' if r['union'] else ' '}"

        print(
            f"{label:30} {statistics.median(a['ms']):6.1f}/{statistics.median(c['ms']):<6.1f}"
            f" {p95(a['ms']):6.1f}/{p95(c['ms']):<6.1f} {mb:7.1f} {p95(b['ms']):7.1f}"
            f"  {mb / base:4.2f}x  {statistics.median(a['sql_ms']):5.1f} / "
            f"{statistics.median(b['sql_ms']):5.1f}"
            f"  {q(a)} / {q(b)}  found {a['found']}/{b['found']}, shown {a['rows']}/{b['rows']}"
        )
        if "--show-sql" in sys.argv:
            print(
                "\n".join(x[:160] for x in a["sql"]), "\n--\n", "\n".join(x[:160] for x in b["sql"])
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--towns", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=100)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--counted", type=int, default=50)
    parser.add_argument(
        "--explain", metavar="Q", help="EXPLAIN ANALYZE the search for Q ('' = no search)"
    )
    parser.add_argument("--show-sql", action="store_true", help="the SQL of pages that differ")
    args = parser.parse_args()
    with bench_database():
        setup_django()
        from django.conf import settings
        from django.core.management import call_command

        from tenants.models import Domain, Town

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.DEBUG = False
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        # The operator host's row (no template schema: nothing here provisions a town).
        public = Town.objects.create(schema_name="public", slug="public", name="LQ")
        Domain.objects.create(domain=settings.LQ_BASE_DOMAIN, tenant=public, is_primary=True)
        client = operator_client()

        add_towns(0, args.baseline)
        give_count_schemas(min(args.counted, args.baseline))
        analyze()
        print(f"measuring at {args.baseline} towns …", flush=True)
        before = measure(client, args.samples)

        started = time.perf_counter()
        add_towns(args.baseline, args.towns)
        analyze()
        print(
            f"grew to {args.towns} towns in {time.perf_counter() - started:.1f} s; measuring …",
            flush=True,
        )
        grown = measure(client, args.samples)
        if args.explain is not None:
            explain(args.explain)
            if args.explain:
                compare_search_forms(args.explain)

        # Back to the baseline and measured again: the machine's load drifts during a run.
        Town.objects.filter(slug__gte=f"ort-{args.baseline:05}", slug__startswith="ort-").delete()
        analyze()
        print(
            f"back to {Town.objects.filter(schema_name__startswith='ort_').count()} towns; measuring …",
            flush=True,
        )
        after = measure(client, args.samples)
        report(args, before, grown, after)
        print("* one of the queries counts the listed towns' users (one UNION over their schemas)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
