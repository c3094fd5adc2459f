"""The one search (/search/) over 100,000 searchable documents in one town, against icontains.

    ./lq bench ops/bench/search_100k.py [--docs 100000] [--rounds 20] [--explain]

One provisioned town (directory, shop and exchange switched on), filled in bulk:
organisations with three offerings each (folded into the organisation's search columns by
the directory's `refresh_search_index`), businesses, their public offers and exchange
listings, 100,000 searchable rows in all (`--docs` for a quicker, smaller run). The texts are
German and repetitive on purpose: "Hilfe" is in four of five documents, a worst case for
ranking and counting.

Per query it times what the page /search/ does (`portal.search.selectors.search_everything`:
every enabled module's ranked, highlighted first page and its count) and, in the same run,
the same groups found by `icontains` (each word somewhere in title or text, first page in
title order plus its count), and prints medians, p95 and their ratio. `--explain` prints
the plan of the slowest statement of each query.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from benchdb import bench_database, setup_django

TOWN = "bench"
PLACES = ["Merklingen", "Schafhausen", "Münklingen", "Hausen", "Kernstadt", "am See", "Süd", "Nord"]
ORGANISATIONS = [
    ("Repair-Café", "initiative", ["repair_sharing"]),
    ("Nachbarschaftshilfe", "initiative", ["social", "seniors"]),
    ("Musikverein", "club", ["music_culture"]),
    ("Kirchen-Chor", "church", ["faith", "music_culture"]),
    ("Sportverein", "club", ["sport"]),
    ("Tafel", "initiative", ["social"]),
    ("Seniorenkreis", "church", ["seniors"]),
    ("Freiwillige Feuerwehr", "public_service", ["safety"]),
    ("Obst- und Gartenbauverein", "club", ["environment"]),
    ("Radfahrverein", "club", ["sport"]),
    ("Jugendhaus", "public_service", ["family_youth"]),
    ("Bürgerbüro", "public_service", ["administration"]),
]
TITLES = [
    "Fahrrad für Kinder",
    "Fahrrad-Reparatur",
    "Repair-Café im Gemeindehaus",
    "Hilfe beim Einkaufen",
    "Einkaufshilfe",
    "Hausaufgabenhilfe",
    "Gartenhilfe gesucht",
    "Rasenmäher zu verleihen",
    "Bohrmaschine",
    "Kinderwagen",
    "Bücherregal aus Holz",
    "Computerhilfe für Senioren",
    "Begleitung zum Arzt",
    "Nähmaschine",
    "Umzugskartons",
    "Leiter zu verleihen",
    "Winterreifen",
    "Kleidung für Babys",
    "Fenster putzen",
    "Hecke schneiden",
    "Smartphone einrichten",
    "Sprechstunde im Rathaus",
    "Lebensmittelausgabe",
    "Vorlesestunde",
    "Gitarrenunterricht",
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
    "gebraucht",
    "gut",
    "erhalten",
    "abholen",
    "bringen",
    "Wochenende",
    "abends",
    "vormittags",
    "kostenlos",
    "gegen",
    "Spende",
    "Werkzeug",
    "Holz",
    "Glas",
    "Rahmen",
    "Stunde",
    "Anfahrt",
    "Material",
]
QUERIES = [
    "Hilfe",  # in four of five documents
    "Garten",
    "Fahrräder",  # stem of Fahrrad (titles) and Fahrräder (texts)
    "Kinderwagen",
    "Computer",
    "Repaircafe",  # compound written together, no accent
    "Fahrad",  # typo
    "Hilfe beim Einkaufen",
    "Sprechstunde Rathaus",
]


def text(rng: random.Random, words: int) -> str:
    """Repetitive German text; "Hilfe" in four of five."""
    chosen = rng.choices(WORDS, k=words)
    if rng.random() < 0.8:
        chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(["Hilfe", "Hilfe", "hilfe"]))
    return " ".join(chosen).capitalize() + "."


def fill(*, docs: int) -> dict[str, int]:
    """Organisations 4 %, businesses 1 %, offers 40 %, listings the rest of `docs`."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from modules.directory.models import Offering, Organisation
    from modules.directory.search import refresh_search_index
    from modules.exchange.models import Listing
    from modules.shop.models import Category, Offer, PriceModel, Provider, Trade
    from portal.accounts.models import User

    rng = random.Random(100)
    now = timezone.now()
    n_org = max(1, docs * 4 // 100)
    n_prov = max(1, docs // 100)
    n_offer = docs * 40 // 100
    n_listing = docs - n_org - n_prov - n_offer

    organisations = [
        Organisation(
            slug=f"org-{i}",
            name=f"{ORGANISATIONS[i % len(ORGANISATIONS)][0]} {rng.choice(PLACES)} {i}",
            kind=ORGANISATIONS[i % len(ORGANISATIONS)][1],
            categories=ORGANISATIONS[i % len(ORGANISATIONS)][2],
            description=text(rng, 30),
            status=Organisation.Status.APPROVED,
        )
        for i in range(n_org)
    ]
    Organisation.objects.bulk_create(organisations, batch_size=1000)
    Offering.objects.bulk_create(
        (
            Offering(
                organisation=organisation,
                title=rng.choice(TITLES),
                description=text(rng, 20),
                schedule="jeden ersten Samstag",
            )
            for organisation in organisations
            for _ in range(3)
        ),
        batch_size=2000,
    )
    for organisation in organisations:
        refresh_search_index(organisation)

    Provider.objects.bulk_create(
        (
            Provider(
                slug=f"betrieb-{i}",
                name=f"{rng.choice(['Malerei', 'Gartenbau', 'Fahrradladen', 'Hausmeister'])} {i}",
                trade=rng.choice(Trade.values),
                description=text(rng, 30),
                request_email=f"anfragen{i}@bench.example",
                districts=rng.sample(PLACES, 2),
                status=Provider.Status.APPROVED,
                approved_at=now,
            )
            for i in range(n_prov)
        ),
        batch_size=1000,
    )
    providers = list(Provider.objects.all())
    categories = list(Category.objects.all())

    def offer(i: int) -> Offer:
        model = rng.choice(PriceModel.values)
        return Offer(
            provider=providers[i % len(providers)],
            category=rng.choice(categories),
            title=f"{rng.choice(TITLES)} {rng.choice(WORDS)}",
            description=text(rng, 30),
            price_model=model,
            price_cents=None if model == PriceModel.QUOTE else rng.randint(500, 9000),
            status=Offer.Status.PUBLISHED,
            published_at=now,
        )

    Offer.objects.bulk_create((offer(i) for i in range(n_offer)), batch_size=2000)

    User.objects.bulk_create(
        User(email=f"resident{i}@bench.example", full_name=f"Resident {i}") for i in range(500)
    )
    owners = list(User.objects.filter(email__endswith="@bench.example"))
    expires = now + timedelta(days=60)
    Listing.objects.bulk_create(
        (
            Listing(
                owner=rng.choice(owners),
                kind=rng.choice(["give", "lend", "swap", "wanted"]),
                listing_type="item",
                title=f"{rng.choice(TITLES)} {i}",
                description=text(rng, 30),
                expires_at=expires,
            )
            for i in range(n_listing)
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by now
    return {
        "organisations": n_org,
        "offerings": 3 * n_org,
        "businesses": n_prov,
        "offers": n_offer,
        "listings": n_listing,
    }


def icontains_groups(words: list[str]) -> list[tuple[int, list[Any]]]:
    """The one search's groups found by icontains: every word in title or text (AND), the
    first page in title order and the count, one group after another."""
    from django.db.models import Exists, OuterRef, Q

    from modules.directory.models import Offering, Organisation
    from modules.exchange.selectors import _open
    from modules.shop.selectors import public_providers
    from modules.shop.selectors_offers import public_offers
    from portal.search.query import GROUP_LIMIT

    def each_word(*fields: str) -> Q:
        condition = Q()
        for word in words:
            either = Q()
            for field in fields:
                either |= Q(**{f"{field}__icontains": word})
            condition &= either
        return condition

    organisation_words = Q()
    for word in words:
        in_offering = Offering.objects.filter(organisation=OuterRef("pk")).filter(
            Q(title__icontains=word) | Q(description__icontains=word)
        )
        organisation_words &= (
            Q(name__icontains=word) | Q(description__icontains=word) | Exists(in_offering)
        )
    querysets = [
        Organisation.objects.filter(status=Organisation.Status.APPROVED)
        .filter(organisation_words)
        .order_by("name", "pk"),
        public_providers().filter(each_word("name", "description")),
        public_offers().filter(each_word("title", "description")).order_by("title", "pk"),
        _open().filter(each_word("title", "description")).order_by("title", "pk"),
    ]
    return [(qs.count(), list(qs[:GROUP_LIMIT])) for qs in querysets]


def timed(func: Callable[[], Any], rounds: int) -> list[float]:
    func()  # warm up
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def explain_slowest(run: Callable[[], Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run()
    with CaptureQueriesContext(connection) as captured:
        run()
    timings = []
    for entry in captured.captured_queries:
        sql = entry["sql"]
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            start = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql)
            timings.append(((time.perf_counter() - start) * 1000, sql))
    if not timings:
        return
    elapsed, sql = max(timings)
    print(
        f"    slowest of {len(timings)} statements ({elapsed:.1f} ms): {' '.join(sql.split())[:160]}…"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}")
        for (line,) in cursor.fetchall()[:40]:
            print(f"      {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    with bench_database():
        setup_django()
        from django.core.management import call_command
        from django.db import connection
        from django_tenants.utils import tenant_context

        from portal import registry
        from portal.operators.services import provision_town
        from portal.search.query import parse_query
        from portal.search.selectors import search_everything
        from tenants.services import ensure_public_and_template

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_and_template()
        town = provision_town(
            slug=TOWN,
            name="Suchhausen",
            admin_email="admin@bench.example",
            enabled_modules=["directory", "shop", "exchange"],
        )
        with tenant_context(town):
            started = time.perf_counter()
            counts = fill(docs=args.docs)
            searchable = sum(v for k, v in counts.items() if k != "offerings")
            print(
                f"filled {searchable:,} searchable documents in {time.perf_counter() - started:.0f} s: "
                + ", ".join(f"{v:,} {k}" for k, v in counts.items())
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM exchange_listing "
                    "WHERE search_vector @@ plainto_tsquery('german', 'hilfe')"
                )
                (with_hilfe,) = cursor.fetchone()
            print(f"listings with 'Hilfe': {with_hilfe:,} of {counts['listings']:,}")
            print(f"groups searched: {len(registry.search_providers())} providers")
            print(
                f"\nFirst page of every group with its count, {args.rounds} rounds per query, ms"
                " (search = search_everything as /search/; icontains = the same groups by"
                " icontains):"
            )
            print(
                f"  {'query':22} {'search p50':>10} {'p95':>7} {'icont p50':>9} {'p95':>7}"
                f" {'ratio p50':>9}  hits search / icontains"
            )
            all_search: list[float] = []
            all_icontains: list[float] = []
            for text_ in QUERIES:
                query = parse_query(text_)
                assert query is not None
                words = text_.split()
                searched = timed(lambda query=query: search_everything(query), args.rounds)
                plain = timed(lambda words=words: icontains_groups(words), args.rounds)
                all_search += searched
                all_icontains += plain
                hits = " ".join(
                    f"{g.total}{'~' if g.estimated else ''}" for g in search_everything(query)
                )
                plain_hits = " ".join(str(total) for total, _ in icontains_groups(words))
                print(
                    f"  {text_:22} {pct(searched, 0.5):10.1f} {pct(searched, 0.95):7.1f}"
                    f" {pct(plain, 0.5):9.1f} {pct(plain, 0.95):7.1f}"
                    f" {statistics.median(plain) / statistics.median(searched):8.1f}x"
                    f"  [{hits}] / [{plain_hits}]"
                )
                if args.explain:
                    explain_slowest(lambda query=query: search_everything(query))
            print(
                f"\n  all queries: search p50 {pct(all_search, 0.5):.1f} ms, p95"
                f" {pct(all_search, 0.95):.1f} ms; icontains p50 {pct(all_icontains, 0.5):.1f} ms,"
                f" p95 {pct(all_icontains, 0.95):.1f} ms; icontains/search: medians"
                f" {statistics.median(all_icontains) / statistics.median(all_search):.1f}x,"
                f" p95 {pct(all_icontains, 0.95) / pct(all_search, 0.95):.1f}x"
            )
            print(
                "  (hits: the totals of the groups that found something, '~' an estimate;"
                " icontains: organisations, businesses, offers, listings)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
