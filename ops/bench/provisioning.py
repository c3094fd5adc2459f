"""Provisioning benchmark: a new town at 1 and at N existing towns, alone and in a bulk import.

    ./lq bench ops/bench/provisioning.py [--samples 7] [--towns-grown 1000] [--bulk 100]

On a fresh database of its own: migrates the shared apps, makes the template, then, with one
town and again after growing to --towns-grown town schemas:

- provision_town: what the operator site and `town create` run (the template's catalog
  replayed by tenants.template_copy, the domain, branding, first administrator), each sample
  on a fresh database connection; "of which copy" is copy_template() alone;
- baseline, django-tenants' clone: clone_schema() and the faked migrate_schemas that
  TenantMixin.create_schema() ran before (the schema only: no rows, no administrator), in the
  same run, interleaved with the above;
- bulk import: --bulk towns through provision_towns() (`town import`), one after another on
  the connection it manages (a fresh one every 10 towns), per-town median and p95.

Growing uses copy_template() with Town and Domain rows, a fresh connection every 10 schemas.
Prints medians, p95 and the ratios (grown / few, new / baseline).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, median, setup_django
from benchtowns import grow_towns


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def catalog_size() -> tuple[int, int, int]:
    """(town schemas, rows in pg_class, relations of the template schema)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'town\\_%%'")
        schemas = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_class")
        relations = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'lq_template'::regnamespace "
            "OR c.oid IN (SELECT t.reltoastrelid FROM pg_class t "
            "WHERE t.relnamespace = 'lq_template'::regnamespace) "
            "OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class t "
            "ON t.reltoastrelid = i.indrelid WHERE t.relnamespace = 'lq_template'::regnamespace)"
        )
        per_town = cursor.fetchone()[0]
    return int(schemas), int(relations), int(per_town)


class CopyTimer:
    def __init__(self) -> None:
        self.seconds = 0.0

    def install(self) -> None:
        from tenants import services, template_copy

        original = template_copy.copy_template
        timer = self

        def timed(template: str, schema: str) -> None:
            start = time.perf_counter()
            try:
                original(template, schema)
            finally:
                timer.seconds += time.perf_counter() - start

        services.copy_template = timed  # type: ignore[attr-defined]


def provision(slug: str, timer: CopyTimer) -> tuple[float, float]:
    from portal.operators.services import provision_town

    timer.seconds = 0.0
    start = time.perf_counter()
    provision_town(slug=slug, name=slug.title(), admin_email=f"admin@{slug}.example")
    return time.perf_counter() - start, timer.seconds


def clone_baseline(schema: str) -> float:
    """What TenantMixin.create_schema() did: clone_schema() plus the faked migrations."""
    from django.core.management import call_command
    from django.db import transaction
    from django_tenants.clone import CloneSchema

    from tenants.current import set_public_schema

    start = time.perf_counter()
    with transaction.atomic():
        CloneSchema().clone_schema("lq_template", schema, "DATA")
        call_command(
            "migrate_schemas",
            tenant=True,
            fake=True,
            schema_name=schema,
            interactive=False,
            verbosity=0,
        )
    set_public_schema()
    return time.perf_counter() - start


def bulk(label: str, count: int) -> list[float]:
    from portal.operators.services import TownImportRow, provision_towns

    rows = (
        TownImportRow(
            line=n, slug=f"b-{label}-{n}", name=f"Bulk {n}", admin_email=f"a@b{n}.example"
        )
        for n in range(count)
    )
    times: list[float] = []
    start = time.perf_counter()
    for result in provision_towns(rows):
        assert result.town is not None, result.error
        now = time.perf_counter()
        times.append(now - start)
        start = now
    return times


def measure(label: str, samples: int, bulk_count: int, timer: CopyTimer) -> dict[str, Any]:
    from django.db import connections

    schemas, relations, per_town = catalog_size()
    print(f"\n[{label}] {schemas} town schemas, {relations} relations in pg_class", flush=True)
    totals: list[float] = []
    copies: list[float] = []
    clones: list[float] = []
    for i in range(samples):
        connections.close_all()  # a fresh backend, as a web or worker process has
        total, copy = provision(f"p-{label}-{i}", timer)
        totals.append(total)
        copies.append(copy)
        connections.close_all()
        clones.append(clone_baseline(f"town_clone_{label}_{i}"))
        print(
            f"  sample {i + 1}: provision_town {total:.3f} s (copy {copy:.3f} s), "
            f"django-tenants clone {clones[-1]:.3f} s",
            flush=True,
        )
    connections.close_all()
    bulk_times = bulk(label, bulk_count) if bulk_count else [0.0]
    print(f"  bulk import of {bulk_count}: {sum(bulk_times):.1f} s", flush=True)
    return {
        "schemas": schemas,
        "relations": relations,
        "per_town": per_town,
        "provision": (median(totals), p95(totals)),
        "copy": (median(copies), p95(copies)),
        "clone": (median(clones), p95(clones)),
        "bulk": (median(bulk_times), p95(bulk_times)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=7, help="towns timed per size")
    parser.add_argument("--towns-grown", type=int, default=1000, help="town schemas to grow to")
    parser.add_argument("--bulk", type=int, default=100, help="towns in the bulk import")
    args = parser.parse_args()

    with bench_database():
        setup_django()
        import contextlib
        import io

        from django.core.management import call_command

        from tenants.services import ensure_public_and_template

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        with contextlib.redirect_stdout(io.StringIO()):  # the template's migrations talk
            ensure_public_and_template()
        timer = CopyTimer()
        timer.install()
        provision("warm-up", timer)  # the template's statements are read once per process
        few = measure("few", args.samples, args.bulk, timer)
        grow_towns(args.towns_grown, town_schemas=lambda: catalog_size()[0])
        grown = measure("grown", args.samples, args.bulk, timer)

        print(f"\nSeconds per town, median / p95 ({args.samples} samples; bulk: {args.bulk})\n")
        head_few, head_grown = f"{few['schemas']} towns", f"{grown['schemas']} towns"
        print(f"{'':42} {head_few:>15} {head_grown:>15}  grown/few")
        for label, key in (
            ("provision_town (fresh connection)", "provision"),
            ("  of which copy_template()", "copy"),
            ("bulk import, per town", "bulk"),
            ("baseline: django-tenants clone + fake", "clone"),
        ):
            a, b = few[key], grown[key]
            print(
                f"{label:42} {a[0]:7.3f}/{a[1]:6.3f} {b[0]:7.3f}/{b[1]:6.3f}  {b[0] / a[0]:8.2f}x"
            )
        print(
            f"\nprovision_town / django-tenants clone (schema only): "
            f"{few['provision'][0] / few['clone'][0]:.2f}x with few towns, "
            f"{grown['provision'][0] / grown['clone'][0]:.2f}x with {grown['schemas']}"
        )
        print(
            f"copy_template() / django-tenants clone: {few['copy'][0] / few['clone'][0]:.2f}x, "
            f"{grown['copy'][0] / grown['clone'][0]:.2f}x"
        )
        print(
            f"relations in pg_class: {few['relations']} -> {grown['relations']}; "
            f"per town schema (with TOAST tables and their indexes): {few['per_town']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
