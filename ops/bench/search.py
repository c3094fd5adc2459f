"""Search benchmark: latency of the directory's German full-text + trigram search against a
plain icontains filter in the same run, query counts of list pages as the data grows, and
the one search over every module (/search/) on the same data.

    ./lq bench ops/bench/search.py [--rounds 30]

Creates its own database lq_bench_search_<pid> (dropped at the end, also on Ctrl-C),
migrates it, provisions one town and fills it with 500 organisations and 20,000 offerings.

The directory search covers organisations and their offerings (20,000 offerings, 40 per
organisation, folded into each organisation's search columns); the one search (/search/)
also works through the town's 20,000 exchange listings.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
for folder in (ROOT, ROOT / "platform"):
    sys.path.insert(0, str(folder))

DB_NAME = f"lq_bench_search_{os.getpid()}"
SERVER = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:54329/lq")


def _admin_url() -> str:
    import dj_database_url

    p = dj_database_url.parse(SERVER)
    password = f":{p['PASSWORD']}" if p.get("PASSWORD") else ""
    return f"postgresql://{p.get('USER') or 'postgres'}{password}@{p.get('HOST') or '127.0.0.1'}:{p.get('PORT') or 5432}/postgres"


def _sql(statement: str) -> None:
    import psycopg

    assert DB_NAME.startswith("lq_bench_search_")
    with psycopg.connect(_admin_url(), autocommit=True) as conn:
        conn.execute(statement)


@contextmanager
def own_database() -> Iterator[None]:
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    _sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    _sql(f'CREATE DATABASE "{DB_NAME}"')
    print(f"bench: created database {DB_NAME}", flush=True)
    try:
        yield
    finally:
        try:
            from django.db import connections

            connections.close_all()
        finally:
            _sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            print(f"bench: dropped database {DB_NAME}", flush=True)


def setup_django() -> None:
    # Forced: `./lq bench` may name another bench settings module that expects its own env.
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ.setdefault("LQ_TEST_REDIS_DB", "7")
    from django.conf import settings

    # Our own database, before any connection exists.
    settings.DATABASES["default"]["NAME"] = DB_NAME
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 300
    settings.LOGGING = {"version": 1, "disable_existing_loggers": False}
    import django

    django.setup()


PLACES = ["Merklingen", "Schafhausen", "Münklingen", "Hausen", "Kernstadt", "am See", "Süd", "Nord"]
KINDS = [
    ("Musikverein", "club", ["music_culture"]),
    ("Kirchen-Chor", "church", ["faith", "music_culture"]),
    ("Repair-Café", "initiative", ["repair_sharing"]),
    ("Sportverein", "club", ["sport"]),
    ("Tafel", "initiative", ["social"]),
    ("Seniorenkreis", "church", ["seniors"]),
    ("Freiwillige Feuerwehr", "public_service", ["safety"]),
    ("Ortsverband", "party", ["politics"]),
    ("Bürgerbüro", "public_service", ["administration"]),
    ("Obst- und Gartenbauverein", "club", ["environment"]),
    ("Nachbarschaftshilfe", "initiative", ["social", "seniors"]),
    ("Radfahrverein", "club", ["sport"]),
    ("Jugendhaus", "public_service", ["family_youth"]),
    ("Heimatverein", "club", ["education"]),
]
WORDS = [
    "wir",
    "treffen",
    "uns",
    "gemeinsam",
    "für",
    "alle",
    "Generationen",
    "jeden",
    "Monat",
    "im",
    "Gemeindehaus",
    "Kinder",
    "Jugendliche",
    "Familien",
    "Nachbarn",
    "helfen",
    "reparieren",
    "Fahrräder",
    "Elektrogeräte",
    "Kleidung",
    "singen",
    "musizieren",
    "wandern",
    "turnen",
    "Kaffee",
    "Kuchen",
    "Vortrag",
    "Ausflug",
    "Beratung",
    "Sprechstunde",
    "Termine",
    "Ehrenamt",
    "Spenden",
    "Lebensmittel",
    "Garten",
    "Streuobst",
    "Bäume",
    "Umwelt",
    "Natur",
    "Wege",
    "Stadt",
    "Rathaus",
    "Bücher",
    "lesen",
    "lernen",
    "Deutsch",
    "Computer",
    "Handy",
    "Senioren",
    "Begleitung",
    "Fahrdienst",
    "Einkauf",
]
OFFER_TITLES = [
    "Reparaturtreff",
    "Offene Probe",
    "Kinderturnen",
    "Lebensmittelausgabe",
    "Besuchsdienst",
    "Jugendfeuerwehr",
    "Sprechstunde",
    "Schnittkurs",
    "Einkaufshilfe",
    "Radtour",
    "Hausaufgabenhilfe",
    "Stadtführung",
    "Nähcafé",
    "Lauftreff",
    "Vorlesestunde",
    "Sprachcafé",
]
QUERIES = [
    "Fahrräder",
    "Kirchenchor",
    "Repaircafe",
    "Seniorenkreis",
    "Jugendfeuerwehr",
    "Nähcafe",
    "Lebensmittel",
    "Gartenbauverein Streuobst",
    "Sprechstunde Rathaus",
    "Tafel",
]


def fill(town: Any, organisations: int, offerings_each: int, start: int) -> None:
    from django_tenants.utils import tenant_context

    from modules.directory.models import Offering, Organisation
    from modules.directory.search import refresh_search_index

    rng = random.Random(start)
    with tenant_context(town):
        orgs = []
        for i in range(start, start + organisations):
            base, kind, categories = KINDS[i % len(KINDS)]
            name = f"{base} {PLACES[i % len(PLACES)]} {i}"
            orgs.append(
                Organisation(
                    slug=f"org-{i}",
                    name=name,
                    kind=kind,
                    categories=categories,
                    description=" ".join(rng.choices(WORDS, k=40)).capitalize() + ".",
                    status=Organisation.Status.APPROVED,
                )
            )
        Organisation.objects.bulk_create(orgs, batch_size=500)
        offerings = [
            Offering(
                organisation=org,
                title=f"{rng.choice(OFFER_TITLES)} {rng.choice(WORDS)}",
                description=" ".join(rng.choices(WORDS, k=25)),
                schedule="jeden ersten Samstag",
            )
            for org in orgs
            for _ in range(offerings_each)
        ]
        Offering.objects.bulk_create(offerings, batch_size=2000)
        for org in orgs:
            refresh_search_index(org)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def fill_listings(town: Any, count: int, start: int) -> None:
    """Exchange listings of a few hundred residents (bulk; the module's services are per item)."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from modules.exchange.models import Listing
    from portal.accounts.models import User

    rng = random.Random(1000 + start)
    with tenant_context(town):
        owners = list(User.objects.filter(email__endswith="@bench.example"))
        if not owners:
            User.objects.bulk_create(
                User(email=f"resident{i}@bench.example", full_name=f"Resident {i}")
                for i in range(300)
            )
            owners = list(User.objects.filter(email__endswith="@bench.example"))
        expires = timezone.now() + timedelta(days=60)
        Listing.objects.bulk_create(
            (
                Listing(
                    owner=rng.choice(owners),
                    kind=rng.choice(["give", "lend", "swap", "wanted"]),
                    listing_type="item",
                    title=f"{rng.choice(OFFER_TITLES)} {rng.choice(WORDS)} {i}",
                    description=" ".join(rng.choices(WORDS, k=30)),
                    expires_at=expires,
                )
                for i in range(start, start + count)
            ),
            batch_size=2000,
        )
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(func: Callable[[], Any], rounds: int) -> list[float]:
    func()  # warm up
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def query_counts(host: str) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=host)
    counts = {}
    for label, path in [
        ("page /directory/", "/directory/"),
        ("page /directory/?q=Fahrräder", "/directory/?q=Fahrr%C3%A4der"),
        ("page /directory/?category=sport", "/directory/?category=sport"),
        ("api organisations", "/api/v1/directory/organisations/"),
        ("api organisations?q=Chor", "/api/v1/directory/organisations/?q=Chor"),
        ("api offerings", "/api/v1/directory/offerings/"),
        ("page /exchange/", "/exchange/"),
        ("page /exchange/?q=Fahrrad", "/exchange/?q=Fahrrad"),
        ("api exchange listings", "/api/v1/exchange/listings/"),
        ("page /search/?q=Fahrad (one search)", "/search/?q=Fahrad"),
        ("api /api/v1/search/?q=Garten", "/api/v1/search/?q=Garten"),
    ]:
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[label] = len(ctx.captured_queries)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with own_database():
        setup_django()
        from django.core.management import call_command
        from django.db.models import Q
        from django_tenants.utils import tenant_context

        from modules.directory import selectors
        from modules.directory.models import Offering, Organisation
        from portal.operators.services import provision_town
        from tenants.services import ensure_public_and_template

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_and_template()
        town = provision_town(
            slug="bench",
            name="Benchhausen",
            admin_email="admin@bench.example",
            enabled_modules=["directory", "exchange", "info"],
        )
        host = "bench.lq.test"
        print(
            "note: the town holds 20,000 exchange listings beside the directory's 500 "
            "organisations and 20,000 offerings; the directory search covers organisations "
            "and offerings; /exchange/?q= and the one search (/search/) search the listings "
            "with the shared piece (portal.search)."
        )

        fill(town, 50, 40, 0)
        fill_listings(town, 2_000, 0)
        small = query_counts(host)
        t0 = time.perf_counter()
        fill(town, 450, 40, 50)
        fill_listings(town, 18_000, 2_000)
        print(f"filled in {time.perf_counter() - t0:.1f} s")
        with tenant_context(town):
            n_org, n_off = Organisation.objects.count(), Offering.objects.count()
            from modules.exchange.models import Listing

            n_list = Listing.objects.count()
        large = query_counts(host)
        print(
            f"\nQueries per request (50 orgs/2,000 offerings/2,000 listings -> {n_org} orgs/"
            f"{n_off:,} offerings/{n_list:,} listings):"
        )
        for label in small:
            flag = "constant" if small[label] == large[label] else "GROWS"
            print(f"  {label:34} {small[label]:3} -> {large[label]:3}  {flag}")

        def fts(q: str) -> Callable[[], Any]:
            def run() -> Any:
                qs = selectors.find_organisations(query=q)
                return qs.count(), list(qs[:20])

            return run

        def icontains(q: str) -> Callable[[], Any]:
            def run() -> Any:
                cond = Q()
                for word in q.split():
                    cond &= (
                        Q(name__icontains=word)
                        | Q(description__icontains=word)
                        | Q(offerings__title__icontains=word)
                        | Q(offerings__description__icontains=word)
                    )
                qs = (
                    Organisation.objects.filter(status=Organisation.Status.APPROVED)
                    .filter(cond)
                    .distinct()
                    .order_by("name")
                )
                return qs.count(), list(qs[:20])

            return run

        print(
            f"\nLatency per search (count + first page of 20), {args.rounds} rounds per query, ms:"
        )
        print(
            f"  {'query':28} {'fts p50':>8} {'fts p95':>8} {'icont p50':>9} {'icont p95':>9}  hits fts/icontains"
        )
        all_fts: list[float] = []
        all_ic: list[float] = []
        with tenant_context(town):
            for q in QUERIES:
                a = timed(fts(q), args.rounds)
                b = timed(icontains(q), args.rounds)
                all_fts += a
                all_ic += b
                hits_a = fts(q)()[0]
                hits_b = icontains(q)()[0]
                print(
                    f"  {q:28} {p(a, 0.5):8.1f} {p(a, 0.95):8.1f} {p(b, 0.5):9.1f} {p(b, 0.95):9.1f}  {hits_a}/{hits_b}"
                )
        print(
            f"\n  all queries: full-text+trigram p50 {p(all_fts, 0.5):.1f} ms, p95 {p(all_fts, 0.95):.1f} ms;"
            f" icontains p50 {p(all_ic, 0.5):.1f} ms, p95 {p(all_ic, 0.95):.1f} ms;"
            f" ratio of medians {statistics.median(all_fts) / statistics.median(all_ic):.2f}"
        )

        from django.test import Client

        client = Client(HTTP_HOST=host)
        page = timed(lambda: client.get("/directory/?q=Fahrr%C3%A4der"), args.rounds)
        api = timed(
            lambda: client.get("/api/v1/directory/organisations/?q=Kirchenchor"), args.rounds
        )
        print(
            f"\nWhole request: page /directory/?q=Fahrräder p50 {p(page, 0.5):.1f} ms p95 {p(page, 0.95):.1f} ms;"
            f" API ?q=Kirchenchor p50 {p(api, 0.5):.1f} ms p95 {p(api, 0.95):.1f} ms"
        )
        print("\nThe one search (/search/: every module, 5 hits a group with totals), ms:")
        for q in ["Fahrad", "Fahrräder", "Kirchenchor", "Garten", "Sprechstunde Rathaus"]:
            everything = timed(lambda q=q: client.get("/search/", {"q": q}), args.rounds)
            print(f"  {q:28} p50 {p(everything, 0.5):6.1f}  p95 {p(everything, 0.95):6.1f}")


if __name__ == "__main__":
    main()
