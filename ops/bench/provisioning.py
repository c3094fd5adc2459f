"""Provisioning benchmark: a town by cloning the template vs by running its migrations.

    ./lq bench ops/bench/provisioning.py [--samples 5] [--towns-grown 200] [--grow-by clone|replay]

On a fresh database of its own: migrates the shared apps, makes the template, then times
`provision_town()` by both paths (interleaved, so both see the same catalog):

- clone: TENANT_CREATION_FAKES_MIGRATIONS on (the application's setting): django-tenants'
  clone_schema() SQL function copies the template, then its migrations are faked;
- migrations: the same call with the setting off: CREATE SCHEMA and every tenant migration;
- replay: the SQL the migrations path sent, captured once and replayed on a new schema
  (what "replaying the template's DDL" would cost; not a town, no row, no admin).

Then it grows the catalog to --towns-grown town schemas (by replaying the captured SQL, which is
fast, or with --grow-by clone by django-tenants' clone function without admin or branding,
which takes many minutes past ~100 towns) and times all three again. Every timed sample starts
on a fresh database connection (--reuse-connection: all on one connection, which is what
makes django-tenants' clone slow down: see README.md). Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, median, setup_django

Statement = tuple[str, Any, bool]
# --reuse-connection: one database connection for everything (shows the per-backend slowdown).
REUSE_CONNECTION = False


class Probe:
    """Seconds spent in django-tenants' clone SQL and in migrate_schemas, per provisioning."""

    def __init__(self) -> None:
        self.clone_sql = 0.0
        self.migrate = 0.0
        self.capture: list[Statement] | None = None

    def install(self) -> None:
        import django_tenants.models as tenant_models
        from django.db import connection
        from django_tenants.clone import CloneSchema

        original_clone = CloneSchema.clone_schema
        original_call = tenant_models.call_command
        probe = self

        def timed_clone(self: CloneSchema, *args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original_clone(self, *args, **kwargs)
            finally:
                probe.clone_sql += time.perf_counter() - start

        def capture(
            execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
        ) -> Any:
            assert probe.capture is not None
            if not sql.lstrip().upper().startswith("SET SEARCH_PATH"):
                probe.capture.append((sql, params, many))
            return execute(sql, params, many, ctx)

        def timed_call(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                if probe.capture is not None and not kwargs.get("fake"):
                    with connection.execute_wrapper(capture):
                        return original_call(*args, **kwargs)
                return original_call(*args, **kwargs)
            finally:
                probe.migrate += time.perf_counter() - start

        CloneSchema.clone_schema = timed_clone  # type: ignore[method-assign]
        tenant_models.call_command = timed_call

    def reset(self) -> None:
        self.clone_sql = 0.0
        self.migrate = 0.0


def catalog_size() -> tuple[int, int]:
    """(schemas named town_*, rows in pg_class) of the bench database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'town\\_%%'")
        schemas = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_class")
        relations = cursor.fetchone()[0]
    return int(schemas), int(relations)


def provision(slug: str, *, by_clone: bool, probe: Probe) -> dict[str, float]:
    from django.test import override_settings

    from portal.operators.services import provision_town

    probe.reset()
    start = time.perf_counter()
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=by_clone):
        provision_town(slug=slug, name=slug.title(), admin_email=f"admin@{slug}.example")
    total = time.perf_counter() - start
    return {"total": total, "clone_sql": probe.clone_sql, "migrate": probe.migrate}


def replay(schema: str, statements: list[Statement]) -> float:
    """CREATE SCHEMA and the captured migration SQL, in one transaction."""
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema}"')
        cursor.execute(f'SET LOCAL search_path = "{schema}", public')
        for sql, params, many in statements:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
    return time.perf_counter() - start


def add_town_rows(slugs: list[str]) -> None:
    """Town and Domain rows for replayed schemas (bulk: no schema is created by this)."""
    from tenants.models import Domain, Town
    from tenants.services import schema_name_for, town_host

    towns = Town.objects.bulk_create(
        [Town(schema_name=schema_name_for(s), slug=s, name=s.title()) for s in slugs]
    )
    Domain.objects.bulk_create([Domain(domain=town_host(t.slug), tenant=t) for t in towns])


def measure_round(
    label: str, samples: int, probe: Probe, statements: list[Statement], results: dict[str, Any]
) -> None:
    from django.db import connections

    schemas, relations = catalog_size()
    print(
        f"\n[{label}] {schemas} town schemas exist, {relations} relations in pg_class", flush=True
    )
    clone: list[dict[str, float]] = []
    migrations: list[dict[str, float]] = []
    replays: list[float] = []
    for i in range(samples):
        # A fresh backend each time: a connection that has cloned many schemas carries a
        # catalog cache of gigabytes and gets slower on its own.
        if not REUSE_CONNECTION:
            connections.close_all()
        clone.append(provision(f"c-{label}-{i}", by_clone=True, probe=probe))
        migrations.append(provision(f"m-{label}-{i}", by_clone=False, probe=probe))
        replays.append(replay(f"town_r_{label}_{i}", statements))
        print(
            f"  sample {i + 1}: clone {clone[-1]['total']:.3f} s "
            f"(clone_schema() {clone[-1]['clone_sql']:.3f} s, fake migrate "
            f"{clone[-1]['migrate']:.3f} s), migrations {migrations[-1]['total']:.3f} s, "
            f"replay {replays[-1]:.3f} s",
            flush=True,
        )
    results[label] = {
        "schemas": schemas,
        "relations": relations,
        "clone": median([c["total"] for c in clone]),
        "clone_sql": median([c["clone_sql"] for c in clone]),
        "fake_migrate": median([c["migrate"] for c in clone]),
        "migrations": median([m["total"] for m in migrations]),
        "migrate_cmd": median([m["migrate"] for m in migrations]),
        "replay": median(replays),
    }


def grow(target: int, statements: list[Statement], grow_by: str) -> None:
    from django.db import connections

    from tenants.services import schema_name_for

    schemas, _relations = catalog_size()
    missing = target - schemas
    if missing <= 0:
        return
    print(f"\ngrowing to {target} town schemas ({missing} more, by {grow_by}) …", flush=True)
    start = batch_start = time.perf_counter()
    batch: list[str] = []
    for i in range(missing):
        if i % 10 == 0 and not REUSE_CONNECTION:
            connections.close_all()  # see measure_round
        slug = f"g-{i}"
        if grow_by == "clone":
            from django_tenants.clone import CloneSchema

            CloneSchema().clone_schema("lq_template", schema_name_for(slug), "DATA")
        else:
            replay(schema_name_for(slug), statements)
        batch.append(slug)
        if len(batch) == 50 or i == missing - 1:
            add_town_rows(batch)
            now = time.perf_counter()
            print(
                f"  {i + 1}/{missing} ({now - start:.0f} s; "
                f"{(now - batch_start) / len(batch):.2f} s per schema in this batch)",
                flush=True,
            )
            batch, batch_start = [], now


def print_table(results: dict[str, Any], samples: int) -> None:
    few, grown = results["few"], results["grown"]
    base = few["clone"]
    rows = [
        ("provision_town, clone path", "clone"),
        ("  of which clone_schema() SQL", "clone_sql"),
        ("  of which faked migrations", "fake_migrate"),
        ("provision_town, migrations path", "migrations"),
        ("  of which migrate_schemas", "migrate_cmd"),
        ("replay captured migration SQL", "replay"),
    ]
    print(f"\nMedian seconds per town ({samples} samples each; ratio = against the clone path")
    print("with few towns, measured in this run)\n")
    head_few = f"{few['schemas']} towns"
    head_grown = f"{grown['schemas']} towns"
    print(f"{'':34} {head_few:>10} {'ratio':>6}   {head_grown:>10} {'ratio':>6}  growth")
    for label, key in rows:
        a, b = few[key], grown[key]
        print(f"{label:34} {a:10.3f} {a / base:6.2f}   {b:10.3f} {b / base:6.2f}  {b / a:5.2f}x")
    print(f"\nrelations in pg_class: {few['relations']} -> {grown['relations']}")
    print(
        f"migrations / clone: {few['migrations'] / few['clone']:.2f}x with few towns, "
        f"{grown['migrations'] / grown['clone']:.2f}x with {grown['schemas']}"
    )
    print(
        f"clone_schema() SQL at {grown['schemas']} towns vs few: "
        f"{grown['clone_sql'] / few['clone_sql']:.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=5, help="towns timed per path and size")
    parser.add_argument("--towns-grown", type=int, default=200, help="town schemas to grow to")
    parser.add_argument(
        "--grow-by",
        choices=["replay", "clone"],
        default="replay",
        help="how to make the extra schemas (clone is the real path, but slow past ~100)",
    )
    parser.add_argument(
        "--reuse-connection",
        action="store_true",
        help="never reconnect: each clone runs on the backend that made all the others",
    )
    args = parser.parse_args()
    global REUSE_CONNECTION
    REUSE_CONNECTION = args.reuse_connection

    with bench_database():
        setup_django()
        from django.core.management import call_command

        from tenants.services import ensure_public_and_template

        probe = Probe()
        probe.install()
        start = time.perf_counter()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        print(f"shared migrations: {time.perf_counter() - start:.1f} s", flush=True)
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the template's migrations talk
            ensure_public_and_template()
        print(f"template by migrations: {time.perf_counter() - start:.1f} s", flush=True)

        # Capture the SQL of one town made by migrations, for the replay path and growing.
        probe.capture = []
        provision("capture", by_clone=False, probe=probe)
        statements, probe.capture = probe.capture, None
        print(f"captured {len(statements)} statements of one migrations-path town", flush=True)

        results: dict[str, Any] = {}
        measure_round("few", args.samples, probe, statements, results)
        grow(args.towns_grown, statements, args.grow_by)
        measure_round("grown", args.samples, probe, statements, results)
        print_table(results, args.samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
