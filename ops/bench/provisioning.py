"""Provisioning benchmark: a new town at 1 and at N existing towns, alone and in a bulk import.

    ./lq bench ops/bench/provisioning.py [--samples 7] [--towns-grown 1000] [--bulk 100]

On a fresh database of its own: migrates the shared apps, makes the template, then, with one
town and again after growing to --towns-grown town schemas:

- provision_town: what the operator site and `town create` run, each sample on a fresh
  database connection, twice: with a spare schema ready (tenants.spare_schemas: the town is
  a rename; the background top-up that LQ_SPARE_SCHEMAS keeps running is done untimed before
  the sample) and with none (the template's catalog replayed by tenants.template_copy; "of
  which copy" is copy_template() alone); both with the domain, branding, first administrator;
- baseline, django-tenants' clone: clone_schema() and the faked migrate_schemas that
  TenantMixin.create_schema() ran before (the schema only: no rows, no administrator), in the
  same run, interleaved with the above;
- bulk import: --bulk towns through provision_towns() (`town import`), one after another on
  the connection it manages (a fresh one every 10 towns), per-town median and p95, with no
  spares (a pool of 3 is used up by the fourth town; the rest are copied).

Growing uses towns.grow_towns(): copy_template() with bulk Town and Domain rows.
Prints medians, p95 and the ratios (grown / few, new / baseline), in wall time and in CPU time
of this process plus its PostgreSQL backend (steady on a machine busy with other work, where
wall time is not).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import backend_pid, bench_database, cpu_ns, median, setup_django
from towns import grow_towns


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


class Cpu:
    """CPU seconds of this process and of its PostgreSQL backend over a block: what the work
    costs without the waiting for a core that a busy machine adds to wall time. The backend
    is connected first (a fresh one, as a web or worker process has after a reconnect)."""

    def __enter__(self) -> Cpu:
        self.pids = (os.getpid(), backend_pid())
        self.start = sum(cpu_ns(pid) for pid in self.pids)
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = (sum(cpu_ns(pid) for pid in self.pids) - self.start) / 1e9


def provision(slug: str, timer: CopyTimer) -> tuple[float, float, float]:
    """(wall seconds, of which copy_template, CPU seconds) of one provision_town()."""
    from portal.operators.services import provision_town

    timer.seconds = 0.0
    with Cpu() as cpu:
        start = time.perf_counter()
        provision_town(slug=slug, name=slug.title(), admin_email=f"admin@{slug}.example")
        wall = time.perf_counter() - start
    return wall, timer.seconds, cpu.seconds


def clone_baseline(schema: str) -> tuple[float, float]:
    """What TenantMixin.create_schema() did: clone_schema() plus the faked migrations."""
    from django.core.management import call_command
    from django.db import transaction
    from django_tenants.clone import CloneSchema

    from tenants.current import set_public_schema

    cpu = Cpu().__enter__()
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
    wall = time.perf_counter() - start
    cpu.__exit__()
    return wall, cpu.seconds


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
    from tenants.spare_schemas import top_up_spares

    spared: list[float] = []
    totals: list[float] = []
    copies: list[float] = []
    clones: list[float] = []
    cpu: dict[str, list[float]] = {"spare": [], "provision": [], "clone": []}
    for i in range(samples):
        top_up_spares("lq_template", 1)  # (what the background top-up keeps ready)
        connections.close_all()  # a fresh backend, as a web or worker process has
        spare, copy, spent = provision(f"s-{label}-{i}", timer)
        assert copy == 0.0, "the town was copied although a spare was ready"
        spared.append(spare)
        cpu["spare"].append(spent)
        connections.close_all()
        total, copy, spent = provision(f"p-{label}-{i}", timer)
        assert copy > 0.0, "the town took a spare although none was left"
        totals.append(total)
        copies.append(copy)
        cpu["provision"].append(spent)
        connections.close_all()
        wall, spent = clone_baseline(f"town_clone_{label}_{i}")
        clones.append(wall)
        cpu["clone"].append(spent)
        print(
            f"  sample {i + 1}: provision_town {spare:.3f} s from a spare, {total:.3f} s "
            f"without (copy {copy:.3f} s), django-tenants clone {wall:.3f} s "
            f"(CPU {cpu['spare'][-1]:.3f} / {cpu['provision'][-1]:.3f} / {spent:.3f} s)",
            flush=True,
        )
    connections.close_all()
    bulk_times = bulk(label, bulk_count) if bulk_count else [0.0]
    print(f"  bulk import of {bulk_count}: {sum(bulk_times):.1f} s", flush=True)
    return {
        "schemas": schemas,
        "relations": relations,
        "per_town": per_town,
        "spare": (median(spared), p95(spared)),
        "provision": (median(totals), p95(totals)),
        "copy": (median(copies), p95(copies)),
        "clone": (median(clones), p95(clones)),
        "bulk": (median(bulk_times), p95(bulk_times)),
        **{f"cpu_{key}": (median(values), p95(values)) for key, values in cpu.items()},
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
            ("provision_town, a spare ready", "spare"),
            ("provision_town, no spare (fresh conn.)", "provision"),
            ("  of which copy_template()", "copy"),
            ("bulk import, per town (no spares)", "bulk"),
            ("baseline: django-tenants clone + fake", "clone"),
            ("CPU (this process + its backend):", ""),
            ("provision_town, a spare ready", "cpu_spare"),
            ("provision_town, no spare", "cpu_provision"),
            ("baseline: django-tenants clone + fake", "cpu_clone"),
        ):
            if not key:
                print(label)
                continue
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
            f"provision_town from a spare / django-tenants clone: "
            f"{few['spare'][0] / few['clone'][0]:.2f}x, {grown['spare'][0] / grown['clone'][0]:.2f}x"
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
