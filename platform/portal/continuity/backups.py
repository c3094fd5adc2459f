"""Scheduled per-town backups to the "backups" storage, their retention, and the drill.

A backup is a town archive (`export_town`) saved to `storages["backups"]` as
`<slug>/<UTC timestamp>.zip`: a local folder (LQ_BACKUP_DIR) here, an S3-compatible bucket
in production (ops/backups.md). Archives are private: the storage is never under MEDIA_URL.

Retention (`kept`): of a town's backups, the newest of each of the last LQ_BACKUP_KEEP_DAILY
UTC days that have a backup are kept, and the newest of each of the last
LQ_BACKUP_KEEP_WEEKLY ISO weeks that have one; every other backup is deleted. The newest
backup is therefore always kept.

The drill (`drill_town`) imports the latest backup as a scratch town, which makes the import
compare every table's rows and checksum and the ledger's checksums with the manifest, then
compares the live town's tables with the backup's, and always removes the scratch town.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection, transaction

from tenants.current import set_public_schema
from tenants.models import Domain, Town
from tenants.selectors import towns
from tenants.services import SLUG_MAX_LENGTH, schema_name_for

from .archive import CHUNK, ArchiveRefused
from .declarations import exported_tables
from .export import export_town, town_media_root
from .importing import import_town
from .tables import table_digests

logger = logging.getLogger(__name__)

STAMP = "%Y%m%dT%H%M%SZ"


def backup_storage() -> Storage:
    return storages["backups"]


def backup_name(slug: str, at: datetime) -> str:
    return f"{slug}/{at.astimezone(UTC).strftime(STAMP)}.zip"


def _stamp_of(name: str) -> datetime | None:
    try:
        return datetime.strptime(name.removesuffix(".zip"), STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True)
class Backup:
    name: str  # the storage's name, <slug>/<stamp>.zip
    taken_at: datetime


def backups_of(slug: str) -> list[Backup]:
    """The town's backups in the storage, newest first (other files there are ignored)."""
    # (No exists() first: a bucket has no folders, exists("<slug>") is False there. A folder
    # storage raises for a missing folder, a bucket lists nothing.)
    try:
        _folders, files = backup_storage().listdir(slug)
    except FileNotFoundError:
        return []
    found = []
    for file_name in files:
        taken = _stamp_of(file_name) if file_name.endswith(".zip") else None
        if taken is not None:
            found.append(Backup(f"{slug}/{file_name}", taken))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def back_up_town(town: Town, *, now: datetime | None = None) -> Backup:
    """Export `town` to a temporary file, then save it to the storage (streamed in pieces)."""
    taken = now or datetime.now(UTC)
    name = backup_name(str(town.slug), taken)
    with tempfile.TemporaryDirectory(prefix="lq-backup-") as folder:
        path = Path(folder) / "town.zip"
        export_town(town=town, path=path)
        with path.open("rb") as handle:
            saved = backup_storage().save(name, File(handle, name=name))
    if saved != name:  # (the storage chose another name: one existed already)
        logger.warning("Backup of %s saved as %s, not %s", town.slug, saved, name)
    return Backup(saved, taken)


def fetch_backup(name: str, path: Path) -> None:
    """Copy the backup `name` from the storage to `path`, in pieces (a bucket's storage
    spools past its max_memory_size to a temporary file, settings/backup_bucket.py)."""
    with backup_storage().open(name, "rb") as source, path.open("wb") as target:
        shutil.copyfileobj(source, target, CHUNK)


def kept(stamps: Iterable[datetime], *, daily: int, weekly: int) -> set[datetime]:
    """Which of the backups taken at `stamps` the retention rule keeps (module docstring)."""
    newest_first = sorted(set(stamps), reverse=True)
    keep: set[datetime] = set()
    periods: tuple[tuple[int, Callable[[datetime], object]], ...] = (
        (daily, _day),
        (weekly, _week),
    )
    for count, period in periods:
        seen: list[object] = []
        for stamp in newest_first:
            key = period(stamp)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(stamp)
    return keep


def _day(stamp: datetime) -> object:
    return stamp.astimezone(UTC).date()


def _week(stamp: datetime) -> object:
    return tuple(stamp.astimezone(UTC).isocalendar())[:2]


def apply_retention(slug: str) -> list[str]:
    """Delete the town's backups the retention rule does not keep; their names."""
    backups = backups_of(slug)
    keep = kept(
        (b.taken_at for b in backups),
        daily=settings.LQ_BACKUP_KEEP_DAILY,
        weekly=settings.LQ_BACKUP_KEEP_WEEKLY,
    )
    deleted = []
    for backup in backups:
        if backup.taken_at not in keep:
            backup_storage().delete(backup.name)
            deleted.append(backup.name)
    return deleted


def backup_candidates() -> list[Town]:
    """The towns the scheduled backup covers: active ones. A suspended or archived town
    is not changing; its last backups stay (retention runs only when one is added)."""
    return list(towns().filter(status=Town.Status.ACTIVE).order_by("slug"))


def back_up_all_towns() -> tuple[int, int]:
    """Back up every active town and apply retention; (backed up, failed). A town's failure
    is logged and the others go on."""
    done = failed = 0
    for town in backup_candidates():
        try:
            back_up_town(town)
            apply_retention(str(town.slug))
            done += 1
        except Exception:
            failed += 1
            logger.exception("The backup of town %s failed", town.slug)
    return done, failed


# --- the drill ---------------------------------------------------------------------------


@dataclass
class DrillReport:
    slug: str
    backup: str = ""
    ok: bool = False
    error: str = ""
    seconds: float = 0.0
    # table -> "OK" (restored as backed up) or why not
    tables: dict[str, str] = field(default_factory=dict)
    # table -> "same" or "changed since the backup" (the live town against the backup)
    live: dict[str, str] = field(default_factory=dict)


def drill_slug(slug: str, at: datetime) -> str:
    return f"drill-{at.strftime('%Y%m%d%H%M%S')}-{slug}"[:SLUG_MAX_LENGTH].rstrip("-")


def drill_town(town: Town, *, log: Callable[[str], None] = lambda _line: None) -> DrillReport:
    """Restore the latest backup of `town` into a scratch town, compare, report; the scratch
    town is removed whatever happens."""
    started = time.monotonic()
    report = DrillReport(slug=str(town.slug))
    backups = backups_of(report.slug)
    if not backups:
        report.error = f"No backup of {town.slug} in the backup storage."
        return report
    latest = backups[0]
    report.backup = latest.name
    scratch = drill_slug(report.slug, datetime.now(UTC))
    try:
        with tempfile.TemporaryDirectory(prefix="lq-drill-") as folder:
            path = Path(folder) / "backup.zip"
            fetch_backup(latest.name, path)
            log(f"Restoring {latest.name} as {scratch}")
            # The import compares every table and the ledger's checksums with the manifest
            # and refuses (undoing everything) when anything differs.
            import_town(path=path, slug=scratch, name=f"Drill {town.name}")
        tables = exported_tables()
        report.tables = dict.fromkeys(tables, "OK")
        set_public_schema()
        restored = table_digests(schema_name_for(scratch), tables)
        live = table_digests(str(town.schema_name), tables)
        report.live = {
            t: "same" if live[t] == restored[t] else "changed since the backup" for t in tables
        }
        report.ok = True
    except ArchiveRefused as exc:
        report.error = f"The backup {latest.name} does not restore: {exc}"
    except Exception as exc:  # (reported, the command fails)
        logger.exception("Drill of %s failed", town.slug)
        report.error = f"The drill failed: {type(exc).__name__}: {exc}"
    finally:
        remove_scratch_town(scratch)
        report.seconds = time.monotonic() - started
    return report


def remove_scratch_town(slug: str) -> None:
    """Drop a drill's town: its rows and schema in one transaction, then its media folder.
    (There is no town removal service: towns are archived, never deleted.)"""
    if not slug.startswith("drill-"):
        raise ValueError("Only a drill's scratch town is removed this way.")
    set_public_schema()
    schema = schema_name_for(slug)
    with transaction.atomic():
        Domain.objects.filter(tenant__slug=slug).delete()
        Town.objects.filter(slug=slug).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(schema)} CASCADE")
    shutil.rmtree(town_media_root(schema), ignore_errors=True)
