"""A town exported and imported whole: seconds and peak memory at the issue's size.

    ./lq bench ops/bench/town_export.py [--residents 10000] [--listings 50000] [--fees 50000]

On a fresh database of its own: one town (provision_town) filled in bulk with --residents
people, --listings exchange listings and --fees shop fees as ledger transactions (two
entries each, every 20th reversed: --fees 50000 gives 105,000 ledger entries; the fill is
ledger.py's). Then, on a fresh connection each: `export_town` to an archive on disk, and
`import_town` of that archive under another address, as `town export` / `town import-archive`
run them. Prints seconds, the archive's size and the peak memory of this process during each
step (tracemalloc's peak of Python allocations, and the growth of the process's peak RSS),
beside the same two steps for the empty town (the baseline: what the fill adds).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, setup_django


def fill(town: Any, *, residents: int, listings: int, fees: int) -> None:
    from datetime import timedelta

    from django.utils import timezone
    from django_tenants.utils import tenant_context
    from ledger import load_fees

    from modules.exchange.models import Listing
    from portal.accounts.models import User

    rng = random.Random(12)
    with tenant_context(town):
        User.objects.bulk_create(
            (
                User(email=f"resident{i}@bench.example", full_name=f"Resident {i}")
                for i in range(residents)
            ),
            batch_size=2000,
        )
        owners = list(User.objects.filter(email__endswith="@bench.example").only("id"))
        expires = timezone.now() + timedelta(days=60)
        Listing.objects.bulk_create(
            (
                Listing(
                    owner=rng.choice(owners),
                    kind=rng.choice(["give", "lend", "swap", "wanted"]),
                    listing_type="item",
                    title=f"Fahrrad, Kinderwagen oder Bücher {i}",
                    description="Gut erhalten, bitte abholen. " * rng.randint(1, 6),
                    expires_at=expires,
                )
                for i in range(listings)
            ),
            batch_size=2000,
        )
        if fees:
            with contextlib.redirect_stdout(io.StringIO()):
                load_fees(1, fees, checked=False)


def measured(step: Callable[[], Any]) -> tuple[float, float, float, Any]:
    """(seconds, peak MB of Python allocations, MB the process's peak RSS grew, result)."""
    from django.db import connections

    connections.close_all()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = step()
    finally:
        seconds = time.perf_counter() - start
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    return seconds, peak / 2**20, rss_growth, result


def round_trip(town: Any, folder: Path, label: str) -> dict[str, Any]:
    from portal.continuity.export import export_town
    from portal.continuity.importing import import_town

    archive = folder / f"{label}.zip"
    exported = measured(lambda: export_town(town=town, path=archive))
    size = archive.stat().st_size / 2**20
    imported = measured(lambda: import_town(path=archive, slug=f"{label}-copy"))
    print(
        f"  [{label}] export {exported[0]:.1f} s, import {imported[0]:.1f} s, "
        f"archive {size:.1f} MB",
        flush=True,
    )
    return {"export": exported, "import": imported, "size": size, "manifest": exported[3]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--listings", type=int, default=50_000)
    parser.add_argument("--fees", type=int, default=50_000, help="ledger transactions")
    args = parser.parse_args()

    with bench_database():
        setup_django()
        from django.core.management import call_command
        from django.db import connection
        from django_tenants.utils import tenant_context

        from billing.ledger.models import Entry
        from portal.operators.services import provision_town
        from tenants.current import set_public_schema
        from tenants.services import ensure_public_and_template

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        with contextlib.redirect_stdout(io.StringIO()):
            ensure_public_and_template()
        empty = provision_town(slug="leer", name="Leer", admin_email="a@leer.example")
        town = provision_town(slug="gross", name="Groß", admin_email="a@gross.example")
        start = time.perf_counter()
        fill(town, residents=args.residents, listings=args.listings, fees=args.fees)
        with tenant_context(town):
            entries = Entry.objects.count()
        set_public_schema()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(
            f"filled {args.residents:,} residents, {args.listings:,} listings, {entries:,} "
            f"ledger entries in {time.perf_counter() - start:.0f} s",
            flush=True,
        )
        with tempfile.TemporaryDirectory() as tmp:
            base = round_trip(empty, Path(tmp), "leer")
            big = round_trip(town, Path(tmp), "gross")
        print(
            "\n                          empty town          filled town\n"
            "                    s  py MB  RSS+MB      s  py MB  RSS+MB"
        )
        for step in ("export", "import"):
            a, b = base[step], big[step]
            print(
                f"{step:14} {a[0]:7.1f} {a[1]:6.1f} {a[2]:7.1f} {b[0]:7.1f} {b[1]:6.1f} {b[2]:7.1f}"
            )
        print(f"archive MB     {base['size']:7.1f}                {big['size']:7.1f}")
        rows = sum(t.get("rows", 0) for t in big["manifest"].get("tables", {}).values())
        print(f"rows in the filled town's archive: {rows:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
