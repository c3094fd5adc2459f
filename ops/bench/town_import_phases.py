"""Where the time of `import_town` goes, phase by phase, for a town filled as town_export.py
fills it.

    ./lq bench ops/bench/town_import_phases.py [--residents 10000] [--listings 50000]
        [--fees 50000] [--repeat 2]

On a fresh database of its own: one town filled in bulk (town_export.fill), exported once,
then imported --repeat times under new addresses on a fresh connection each, alternating
with the baseline: the same import with the ledger's row-by-row triggers left on during
the load (what the import did before it switched them off for one set-based check). Each
import's phases are timed by wrapping the import's own functions (wall seconds, and the
PostgreSQL backend's CPU seconds over the same span, from /proc: the machine is shared, so
the share of each phase matters more than its seconds). Prints the median per phase, its
share of the whole import, and the ratio of the two.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import backend_pid, bench_database, cpu_ns, median, setup_django
from town_export import fill


class Phases:
    """Wall and backend CPU seconds per named phase of one import."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.mark: tuple[float, int] | None = None

    def now(self) -> tuple[float, int]:
        try:
            pid = backend_pid()
            cpu = cpu_ns(pid)
        except Exception:
            cpu = 0
        return time.perf_counter(), cpu

    def add(self, name: str, start: tuple[float, int], end: tuple[float, int]) -> None:
        self.wall[name] += end[0] - start[0]
        self.cpu[name] += max(end[1] - start[1], 0) / 1e9

    @contextlib.contextmanager
    def timed(self, name: str) -> Iterator[None]:
        start = self.now()
        try:
            yield
        finally:
            self.add(name, start, self.now())


def wrap(owner: Any, attribute: str, phases: list[Phases], name: str) -> Callable[[], None]:
    original = getattr(owner, attribute)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        with phases[-1].timed(name):
            return original(*args, **kwargs)

    setattr(owner, attribute, timed)
    return lambda: setattr(owner, attribute, original)


WHOLE = "(whole import)"
FK_PHASE = "check foreign keys (SET CONSTRAINTS IMMEDIATE)"


def timed_import(phases: Phases, path: Path, slug: str, *, triggers_on: bool) -> None:
    """One import of `path` as `slug`, its phases added to `phases`. `triggers_on`: the
    baseline, the ledger's row-by-row triggers left on during the load (as before the
    import switched them off; the set-based check runs as well)."""
    from django.db import connections

    from portal.continuity import importing

    marks: dict[str, tuple[float, int]] = {}

    def progress(step: str, done: int, total: int) -> None:
        # COPY runs between the first and the last "tables" call; the foreign keys (and
        # deferred triggers left on) are checked between the last one and the comparison.
        if step == "tables" and done == 1:
            marks["copy"] = phases.now()
        if step == "tables" and done == total:
            phases.add("COPY the rows in", marks["copy"], phases.now())
            marks["loaded"] = phases.now()

    compare = importing._compare_rows
    triggers = importing.load_triggers

    def compare_after_fk(*args: Any, **kwargs: Any) -> Any:
        if "loaded" in marks:
            phases.add(FK_PHASE, marks["loaded"], phases.now())
        return compare(*args, **kwargs)

    connections.close_all()
    start = time.perf_counter()
    importing._compare_rows = compare_after_fk  # type: ignore[assignment]
    if triggers_on:
        importing.load_triggers = list  # type: ignore[assignment]
    try:
        importing.import_town(path=path, slug=slug, progress=progress)
    finally:
        importing._compare_rows = compare  # type: ignore[assignment]
        importing.load_triggers = triggers  # type: ignore[assignment]
    phases.wall[WHOLE] = time.perf_counter() - start


def report(title: str, runs: list[Phases]) -> float:
    names = [n for n in runs[0].wall if n != WHOLE]
    whole = median([r.wall[WHOLE] for r in runs])
    print(f"\n{title:52} {'wall s':>7} {'share':>6} {'pg cpu s':>8}")
    for name in sorted(names, key=lambda n: -median([r.wall[n] for r in runs])):
        wall = median([r.wall[name] for r in runs])
        cpu = median([r.cpu[name] for r in runs])
        print(f"  {name:50} {wall:7.2f} {wall / whole:6.0%} {cpu:8.2f}")
    accounted = sum(median([r.wall[n] for r in runs]) for n in names)
    rest = "(the rest: manifest, create_town, TRUNCATE, commit)"
    print(f"  {rest:50} {whole - accounted:7.2f} {(whole - accounted) / whole:6.0%}")
    print(f"  {'(whole import, median)':50} {whole:7.2f}")
    return whole


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--listings", type=int, default=50_000)
    parser.add_argument("--fees", type=int, default=50_000, help="ledger transactions")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    with bench_database():
        setup_django()
        from django.core.management import call_command
        from django.db import connection, connections

        from portal.continuity import archive, importing
        from portal.continuity.export import export_town
        from portal.operators.services import provision_town
        from tenants import services as town_services
        from tenants.current import set_public_schema
        from tenants.services import ensure_public_and_template

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        with contextlib.redirect_stdout(io.StringIO()):
            ensure_public_and_template()
        town = provision_town(slug="gross", name="Groß", admin_email="a@gross.example")
        fill(town, residents=args.residents, listings=args.listings, fees=args.fees)
        set_public_schema()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        runs: dict[bool, list[Phases]] = {False: [], True: []}
        current: list[Phases] = []
        restore = [
            wrap(archive.TownArchive, "verify", current, "open: verify every member's sha256"),
            wrap(importing, "_unpack_media", current, "unpack media"),
            wrap(town_services, "copy_template", current, "copy the template schema"),
            wrap(town_services, "take_spare", current, "copy the template schema"),
            wrap(importing, "_compare_rows", current, "read every table again, compare"),
            wrap(importing, "_run_load_checks", current, "declared load checks (ledger)"),
            wrap(importing, "adopt_content_type_ids", current, "content type ids"),
            wrap(importing, "_continue_sequences", current, "sequences"),
            wrap(importing, "_compare_checksums", current, "declared checksums (ledger)"),
        ]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "gross.zip"
            connections.close_all()
            manifest = export_town(town=town, path=path)
            rows = sum(t["rows"] for t in manifest["tables"].values())
            print(f"archive: {rows:,} rows, {path.stat().st_size / 2**20:.1f} MB", flush=True)
            for number in range(args.repeat):
                for triggers_on in (False, True):  # (alternating, so load hits both alike)
                    current.append(Phases())
                    runs[triggers_on].append(current[-1])
                    slug = f"kopie-{number}-{'mit' if triggers_on else 'ohne'}"
                    timed_import(current[-1], path, slug, triggers_on=triggers_on)
                    print(f"  {slug}: {current[-1].wall[WHOLE]:.1f} s", flush=True)
        for undo in restore:
            undo()
        now = report("import (row triggers off, one check)", runs[False])
        before = report("baseline: the ledger's row triggers on", runs[True])
        print(f"\nimport / baseline: {now / before:.2f}x the time ({before / now:.1f}x faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
