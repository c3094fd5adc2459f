"""Writing a town archive: every declared table of the town in one consistent snapshot."""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tenants.current import inside_town
from tenants.models import Domain, Town

from .archive import (
    CHUNK,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    media_member,
    table_member,
    write_member,
)
from .declarations import all_checksums, exported_tables
from .tables import rows_out, table_shapes

# progress(step, done, total): "tables" or "media", how many are written, of how many.
Progress = Callable[[str, int, int], None]


def lq_version() -> str:
    try:
        return metadata.version("lq")
    except metadata.PackageNotFoundError:
        return "unknown"


def town_media_root(schema_name: str) -> Path:
    """The folder of the town's uploaded files (django-tenants' storage puts them there)."""
    return Path(settings.MEDIA_ROOT) / (settings.MULTITENANT_RELATIVE_MEDIA_ROOT % schema_name)


def public_record(town: Town) -> dict[str, Any]:
    """The town's row in the public schema as the archive keeps it (no billing: the Stripe
    customer and subscription stay with the operator's deployment)."""
    return {
        "slug": town.slug,
        "name": town.name,
        "status": town.status,
        "default_language": town.default_language,
        "time_zone": town.time_zone,
        "contact_email": town.contact_email,
        "postcodes": list(town.postcodes),
        "districts": list(town.districts),
        "enabled_modules": list(town.enabled_modules),
        "residency_policy": town.residency_policy,
        "created_at": town.created_at.isoformat(),
        "domains": [
            {"domain": d.domain, "is_primary": d.is_primary}
            for d in Domain.objects.filter(tenant=town).order_by("-is_primary", "domain")
        ],
    }


def export_town(*, town: Town, path: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Write `town` whole to the archive `path`; its manifest.

    The rows are read in one REPEATABLE READ, READ ONLY transaction, so writes going on
    meanwhile are either wholly in the archive or not at all; every table streams from COPY
    into the ZIP on disk, never whole into memory. The file appears under `path` only when
    complete (it is written beside it first)."""
    if connection.in_atomic_block:
        raise RuntimeError("export_town takes its own snapshot: call it outside a transaction")
    if not town.is_town:
        raise ValueError("Only towns are exported.")
    schema = str(town.schema_name)
    partial = path.with_name(path.name + ".partial")
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "lq_version": lq_version(),
        "exported_at": timezone.now().isoformat(),
        "schema": schema,
        "town": public_record(town),
    }
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                _write_rows(archive, schema, manifest, progress)
                with inside_town(town):
                    manifest["checksums"] = {
                        name: function() for name, function in all_checksums().items()
                    }
            manifest["media"] = _write_media(archive, schema, progress)
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True, default=str))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _write_rows(
    archive: zipfile.ZipFile, schema: str, manifest: dict[str, Any], progress: Progress | None
) -> None:
    shapes = table_shapes(schema)
    tables = exported_tables()
    missing = [table for table in tables if table not in shapes]
    if missing:
        raise RuntimeError(f"Town schema {schema} lacks the tables {missing}; migrate it first.")
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {q(schema)}.django_migrations ORDER BY app, name")  # noqa: S608
        manifest["migrations"] = [list(row) for row in cursor.fetchall()]
    manifest["tables"] = {}
    for done, table in enumerate(tables, 1):
        shape = shapes[table]
        written = write_member(archive, table_member(table), rows_out(schema, shape))
        manifest["tables"][table] = {
            "rows": written["lines"],
            "size": written["size"],
            "sha256": written["sha256"],
            "columns": list(shape.columns),
        }
        if progress:
            progress("tables", done, len(tables))


def _write_media(
    archive: zipfile.ZipFile, schema: str, progress: Progress | None
) -> dict[str, dict[str, Any]]:
    # (Files are not transactional: one uploaded during the export may or may not be in it;
    # its row then decides. Links are never followed.)
    root = town_media_root(schema)
    files = sorted(_media_files(root))
    media: dict[str, dict[str, Any]] = {}
    for done, relative in enumerate(files, 1):
        written = write_member(archive, media_member(relative), _file_chunks(root / relative))
        media[relative] = {"size": written["size"], "sha256": written["sha256"]}
        if progress:
            progress("media", done, len(files))
    return media


def _media_files(root: Path) -> Iterator[str]:
    if not root.is_dir():
        return
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path.relative_to(root).as_posix()


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk
