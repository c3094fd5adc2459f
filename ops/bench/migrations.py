"""Migrations across towns: the deploy's "anything to migrate?" and one metadata migration.

    ./lq bench ops/bench/migrations.py [--towns 1000] [--towns2 2000] [--sample 100]
    ./lq bench ops/bench/migrations.py --check-only     # (a)'s check alone, ~15 min

On a fresh database of its own: migrates the shared apps, makes the template, and unapplies
real metadata-only migrations on it (notifications.0002_notification_target: a column with a
constant default, which PostgreSQL adds without rewriting, and a partial index; and, since
the figures in ops/bench/README.md were taken, 0003 after it, which drops three indexes), so
that the towns grown from it (tenants.template_copy, ops/bench/towns.py) lack it. Then,
at --towns and again at --towns2 town schemas:

(b) the migration: `migrate_schemas --tenant --executor multiprocessing` (django-tenants'
    parallel executor, 2 processes) over the first --sample schemas, against `town migrate`
    (tenants.migration_replay: Django on one pilot, the SQL replayed and verified in the
    rest) over all the others; ms per schema;
(a) nothing to do: the same migrate_schemas over --sample schemas, against the check
    (tenants.migration_state.pending_migrations) over every schema, median of --repeat.

migrate_schemas runs over a sample because it costs 100-300 ms a schema; its figures are
per schema and its total for all towns is extrapolated (the output says so). The check's
time at 10,800 towns is extrapolated linearly from the two sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, median, setup_django
from towns import grow_towns, town_schema_count

MIGRATION = ("notifications", "0002_notification_target")
BEFORE = ("notifications", "0001_notifications")
TEMPLATE = "lq_template"
TARGET = 10_800


def unapply_on_template() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django_tenants.utils import schema_context

    from tenants.current import set_public_schema

    with schema_context(TEMPLATE):
        MigrationExecutor(connection).migrate([BEFORE])
    set_public_schema()


def migrate_schemas_sample(sample: int, among: set[str] | None = None) -> tuple[float, int]:
    """Seconds for `migrate_schemas --tenant --executor multiprocessing` over the first
    `sample` tenant schemas (of those `among`, if given): the command lists them all, the
    executor gets the sample."""
    from django.core.management import call_command
    from django.db import connections
    from django_tenants.migration_executors.multiproc import MultiprocessingExecutor

    original = MultiprocessingExecutor.run_migrations
    count = 0

    def sampled(self: Any, tenants: list[str] | None = None) -> None:
        nonlocal count
        chosen = [t for t in tenants or [] if among is None or t in among]
        chosen = chosen[:sample] if sample else chosen
        count = len(chosen)
        original(self, tenants=chosen)

    MultiprocessingExecutor.run_migrations = sampled  # type: ignore[method-assign]
    try:
        connections.close_all()
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            call_command(
                "migrate_schemas",
                tenant=True,
                executor="multiprocessing",
                interactive=False,
                verbosity=0,
            )
        return time.perf_counter() - start, count
    finally:
        MultiprocessingExecutor.run_migrations = original  # type: ignore[method-assign]
        connections.close_all()


def fast_check(repeat: int, batch_size: int) -> tuple[float, int, int]:
    """(median seconds, schemas checked, schemas pending) on a fresh connection each time."""
    from django.db import connections

    from tenants.migration_state import BATCH_SIZE, code_migrations, pending_migrations

    times = []
    state = None
    for _ in range(repeat):
        connections.close_all()
        start = time.perf_counter()
        # (the loader's reading of the code is part of the check, once per run)
        state = pending_migrations(batch_size=batch_size or BATCH_SIZE, code=code_migrations())
        times.append(time.perf_counter() - start)
    assert state is not None
    return median(times), state.checked, len(state.pending)


def fast_migrate() -> tuple[float, float, Any]:
    """(seconds in all, seconds of which replaying and verifying, the result)."""
    from django.db import connections

    from tenants import migration_replay

    original = migration_replay.replay_batch
    replaying = 0.0

    def timed(schemas: list[str], replay: Any) -> dict[str, str]:
        nonlocal replaying
        start = time.perf_counter()
        try:
            return original(schemas, replay)
        finally:
            replaying += time.perf_counter() - start

    migration_replay.replay_batch = timed  # type: ignore[assignment]
    try:
        connections.close_all()
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            result = migration_replay.migrate_towns()
        return time.perf_counter() - start, replaying, result
    finally:
        migration_replay.replay_batch = original  # type: ignore[assignment]


def check_only(label: str, args: argparse.Namespace) -> dict[str, Any]:
    """The check alone, on fresh connections (`--check-only`: no migrate_schemas, no
    migration; minutes instead of most of an hour)."""
    schemas = town_schema_count()
    print(f"\n[{label}] {schemas} town schemas (+ the template)", flush=True)
    check, checked, _left = fast_check(args.repeat, args.batch)
    reading, querying = check_parts(args.repeat)
    print(
        f"  check: {check * 1000:.0f} ms (median of {args.repeat}); reading the code "
        f"{reading * 1000:.0f} ms, the queries {querying * 1000:.0f} ms",
        flush=True,
    )
    return {"schemas": checked, "check": check, "reading": reading, "querying": querying}


def check_parts(repeat: int) -> tuple[float, float]:
    """(median seconds reading the code's migrations, of the queries given them)."""
    from django.db import connections

    from tenants.migration_state import code_migrations, pending_migrations

    reads, queries = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        code = code_migrations()
        reads.append(time.perf_counter() - start)
        connections.close_all()
        start = time.perf_counter()
        pending_migrations(code=code)
        queries.append(time.perf_counter() - start)
    return median(reads), median(queries)


def measure(label: str, args: argparse.Namespace) -> dict[str, Any]:
    from tenants.migration_state import pending_migrations

    schemas = town_schema_count()
    pending = set(pending_migrations().pending)
    print(f"\n[{label}] {schemas} town schemas (+ the template); {len(pending)} lack {MIGRATION}")
    slow_b, sampled_b = migrate_schemas_sample(args.sample, among=pending)
    print(f"  (b) migrate_schemas, {sampled_b} schemas: {slow_b:.1f} s", flush=True)
    fast_b, replaying, result = fast_migrate()
    done = len(result.replayed) + len(result.migrated)
    print(
        f"  (b) town migrate, {done} schemas ({len(result.migrated)} by Django, "
        f"{len(result.replayed)} replayed and verified, {len(result.failed)} failed): "
        f"{fast_b:.1f} s, of which replaying and verifying {replaying:.1f} s",
        flush=True,
    )
    assert not result.failed, result.failed
    slow_a, sampled_a = migrate_schemas_sample(args.sample)
    print(f"  (a) migrate_schemas no-op, {sampled_a} schemas: {slow_a:.1f} s", flush=True)
    check, checked, left = fast_check(args.repeat, args.batch)
    assert left == 0, f"{left} schemas still pending"
    print(f"  (a) check over {checked} schemas: {check * 1000:.0f} ms (median)", flush=True)
    reading, querying = check_parts(args.repeat)
    print(
        f"      of which reading the code's migrations {reading * 1000:.0f} ms, "
        f"the queries {querying * 1000:.0f} ms",
        flush=True,
    )
    return {
        "schemas": checked,
        "slow_b": slow_b / sampled_b,
        "fast_b": fast_b / done,
        "replay": replaying / max(1, len(result.replayed)),
        "reading": reading,
        "querying": querying,
        "slow_a": slow_a / sampled_a,
        "check": check,
        "sample": sampled_a,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--towns", type=int, default=1000, help="town schemas, first size")
    parser.add_argument("--towns2", type=int, default=2000, help="town schemas, second size")
    parser.add_argument("--sample", type=int, default=100, help="schemas migrate_schemas runs")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the check per size")
    parser.add_argument("--batch", type=int, default=0, help="schemas per check statement")
    parser.add_argument("--check-only", action="store_true", help="only (a)'s check, at both sizes")
    args = parser.parse_args()

    with bench_database():
        setup_django()
        from django.core.management import call_command

        from tenants.services import ensure_public_and_template

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        with contextlib.redirect_stdout(io.StringIO()):  # the template's migrations talk
            ensure_public_and_template()
        points = []
        for label, size in (("first", args.towns), ("second", args.towns2)):
            if args.check_only:
                grow_towns(size)
                points.append(check_only(label, args))
                continue
            unapply_on_template()  # the towns grown next lack the migration
            grow_towns(size)
            points.append(measure(label, args))
        if args.check_only:
            one, two = points
            slope = (two["querying"] - one["querying"]) / (two["schemas"] - one["schemas"])
            at_target = two["querying"] + slope * (TARGET - two["schemas"]) + two["reading"]
            print(
                f"\n(a) the check: {one['check']:.2f} s at {one['schemas']}, "
                f"{two['check']:.2f} s at {two['schemas']}; its queries extrapolated linearly "
                f"to {TARGET:,} schemas, plus reading the code once: {at_target:.1f} s"
            )
            return 0

        one, two = points
        print("\nms per schema (migrate_schemas: over a sample; town migrate: all the others)\n")
        print(f"{'':44} {one['schemas']:>8} {two['schemas']:>8}   schemas")
        for text, key in (
            ("(a) nothing to do: migrate_schemas", "slow_a"),
            ("(a) nothing to do: the check", None),
            ("(b) one metadata migration: migrate_schemas", "slow_b"),
            ("(b) one metadata migration: town migrate", "fast_b"),
            ("      of which per replayed schema", "replay"),
        ):
            if key is None:
                a, b = (p["check"] / p["schemas"] * 1000 for p in points)
            else:
                a, b = one[key] * 1000, two[key] * 1000
            print(f"{text:44} {a:8.2f} {b:8.2f}")
        print(
            f"\n(b) town migrate / migrate_schemas: {one['fast_b'] / one['slow_b']:.3f}x, "
            f"{two['fast_b'] / two['slow_b']:.3f}x"
        )
        slope = (two["querying"] - one["querying"]) / (two["schemas"] - one["schemas"])
        at_target = two["querying"] + slope * (TARGET - two["schemas"]) + two["reading"]
        print(
            f"(a) the check: {one['check']:.2f} s at {one['schemas']}, {two['check']:.2f} s at "
            f"{two['schemas']}; its queries extrapolated linearly to {TARGET:,} schemas, plus "
            f"reading the code once: {at_target:.1f} s"
        )
        print(
            f"(a) migrate_schemas no-op over all {TARGET:,}, extrapolated from "
            f"{two['sample']} schemas at {two['schemas']}: "
            f"{two['slow_a'] * TARGET / 60:.0f} min (2 processes)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
