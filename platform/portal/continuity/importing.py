"""Reading a town archive into this deployment as a new town, whole or not at all."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from tenants import services as town_services
from tenants.models import Domain, Town

from .archive import ArchiveRefused, Limits, TownArchive, media_member, open_archive, table_member
from .content_types import adopt_content_type_ids
from .declarations import all_checksums, exported_tables, load_checks, load_triggers
from .export import Progress, town_media_root
from .migration_states import migrate_back, migrate_forward, way_back
from .tables import TableShape, copy_in_sql, owned_sequences, table_digests, table_shapes

# Called at the end of the load, inside the import's transaction (tests interrupt with it).
_after_load: list[Callable[[Town], None]] = []


def import_town(
    *,
    path: Path,
    slug: str | None = None,
    name: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> Town:
    """Create a town from the archive `path` under `slug` (the archive's own if not given).

    The archive is checked whole first (`open_archive`); then, in one transaction, the
    schema is copied from the template, every table is emptied and loaded with the
    archive's rows (ids and references as they were; an archive of an older LQ at its own
    migration state, then migrated forward: `migration_states`), foreign keys are checked, every
    table's rows, count and checksum are computed again and compared, the content types
    take this deployment's ids (`content_types`), sequences continue after the highest id,
    and every declared checksum (the ledger's) is computed again and compared. Any failure leaves
    no schema, row, domain or file behind, so the import can simply be run again.
    ArchiveRefused or ValidationError say why.

    The town keeps the status it had (an archived or suspended town stays so; an operator
    reactivates or restores it here, which the operators' audit records). The import writes
    no operator audit entry of its own: it decides no change of state, it carries one over,
    like the town's other fields (and a new town's creation is not audited either)."""
    if connection.in_atomic_block:
        raise RuntimeError("import_town commits a new town: call it outside a transaction")
    with open_archive(path, limits=limits) as archive:
        record = archive.manifest["town"]
        slug = town_services.normal_town_slug(slug or record["slug"])
        town_services.validate_town_slug(slug)
        schema = town_services.schema_name_for(slug)
        media_root = town_media_root(schema)
        if media_root.exists() and any(media_root.iterdir()):
            raise ArchiveRefused(
                f"The media folder {media_root} exists and holds files though no town has that "
                "address; an operator must remove it first."
            )
        staging = media_root.parent / f".import-{uuid.uuid4().hex}"
        moved = False

        def populate(town: Town) -> None:
            nonlocal moved
            _load_rows(archive, town, progress)
            _add_custom_domains(town, record)
            # (The last step: the rows are loaded and checked, the commit follows.)
            if staging.exists():
                if media_root.exists():
                    media_root.rmdir()
                media_root.parent.mkdir(parents=True, exist_ok=True)
                staging.rename(media_root)
                moved = True

        try:
            _unpack_media(archive, staging, progress)
            town = town_services.create_town(
                slug=slug,
                name=name or record["name"],
                populate=populate,
                contact_email=record["contact_email"],
                postcodes=record["postcodes"],
                districts=record["districts"],
                default_language=record["default_language"],
                time_zone=record["time_zone"],
                enabled_modules=record["enabled_modules"],
                residency_policy=record["residency_policy"],
                status=record["status"],
            )
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            if moved:
                shutil.rmtree(media_root, ignore_errors=True)
            raise
    return town


def _unpack_media(archive: TownArchive, staging: Path, progress: Progress | None) -> None:
    files = sorted(archive.media)
    if not files:
        return
    staging.mkdir(parents=True)
    root = staging.resolve()
    for done, relative in enumerate(files, 1):
        target = (staging / relative).resolve()
        if not target.is_relative_to(root):
            raise ArchiveRefused(f"The archive holds a file with an unsafe name: {relative!r}.")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as handle:
            for chunk in archive.chunks(media_member(relative)):
                handle.write(chunk)
        if progress:
            progress("media", done, len(files))


def _load_rows(archive: TownArchive, town: Town, progress: Progress | None) -> None:
    schema = str(town.schema_name)
    q = connection.ops.quote_name
    here = _migration_records(schema)
    there = {(str(app), str(name)) for app, name in archive.manifest["migrations"]}
    older = there != here
    if older:
        # (a newer archive, or one that cannot be moved forward, is refused here)
        migrate_back(way_back(there, here))
    shapes = table_shapes(schema)
    _check_tables(archive, shapes)
    tables = archive.tables
    with connection.cursor() as cursor:
        # The template's rows (content types, permissions, seed rows) make way for the
        # archive's; the migration records stay (they are the archive's state now).
        emptied = ", ".join(
            f"{q(schema)}.{q(t)}" for t in sorted(shapes) if t != "django_migrations"
        )
        cursor.execute(f"TRUNCATE {emptied}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    # Row-by-row checks (the ledger's balance: 31 of the 39 s a town of 105,000 ledger
    # entries took to import, ops/bench/README.md) are off while the rows load; their
    # declared check runs once over all of them instead (0.11 s there).
    switched_off = _switch_triggers(schema, _present_triggers(schema), enable=False)
    raw = connection.connection
    for done, table in enumerate(sorted(tables), 1):
        with raw.cursor() as cursor, cursor.copy(copy_in_sql(schema, shapes[table])) as copy:
            for chunk in archive.chunks(table_member(table)):
                copy.write(chunk)
        if progress:
            progress("tables", done, len(tables))
    with connection.cursor() as cursor:
        # The foreign keys are checked here, not at the commit, so a broken reference is
        # reported as the archive's fault with everything still undone.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _compare_rows(archive, schema, shapes)
    if older:
        _continue_sequences(schema)  # (the forward migrations may add rows)
        moved = migrate_forward()
        if _migration_records(schema) != here:
            raise ArchiveRefused(
                "Moving the archive forward did not reach this deployment's state."
            )
        if progress:
            progress("migrations", len(moved), len(moved))
    _run_load_checks()
    _switch_triggers(schema, switched_off & _present_triggers(schema), enable=True)
    adopt_content_type_ids(schema, settings.TENANT_BASE_SCHEMA)
    _continue_sequences(schema)
    _compare_checksums(archive)
    for hook in _after_load:
        hook(town)


def _present_triggers(schema: str) -> set[tuple[str, str]]:
    """The declared load triggers (`TownExport.load_triggers`) that `schema` has."""
    wanted = load_triggers()
    if not wanted:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = %s::regnamespace",
            [schema],
        )
        return set(wanted) & {(table, name) for table, name in cursor.fetchall()}


def _switch_triggers(
    schema: str, triggers: set[tuple[str, str]], *, enable: bool
) -> set[tuple[str, str]]:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, trigger in sorted(triggers):
            cursor.execute(
                f"ALTER TABLE {q(schema)}.{q(table)} "
                f"{'ENABLE' if enable else 'DISABLE'} TRIGGER {q(trigger)}"
            )
    return triggers


def _run_load_checks() -> None:
    for app, check in load_checks().items():
        problem = check()
        if problem:
            raise ArchiveRefused(f"The archive's rows break a rule of {app}: {problem}.")


def _migration_records(schema: str) -> set[tuple[str, str]]:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {q(schema)}.django_migrations")  # noqa: S608
        return {(app, name) for app, name in cursor.fetchall()}


def _continue_sequences(schema: str) -> None:
    """Every sequence of `schema` continues after the highest id of its column."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for sequence, table, column in owned_sequences(schema):
            cursor.execute(
                f"SELECT setval(%s, COALESCE((SELECT max({q(column)}) FROM "  # noqa: S608
                f"{q(schema)}.{q(table)}), 0) + 1, false)",
                [f"{q(schema)}.{q(sequence)}"],
            )


def _check_tables(archive: TownArchive, shapes: dict[str, TableShape]) -> None:
    """The archive's tables and columns are those of the schema, at the archive's state (a
    declared model's table that did not exist yet is in neither)."""
    expected = set(exported_tables()) & set(shapes)
    found = set(archive.tables)
    if expected != found:
        raise ArchiveRefused(
            "The archive's tables differ from this deployment's: "
            f"missing {sorted(expected - found)[:5]}, unknown {sorted(found - expected)[:5]}."
        )
    for table, facts in archive.tables.items():
        if list(shapes[table].columns) != list(facts["columns"]):
            raise ArchiveRefused(f"The columns of {table} differ from this deployment's.")


def _compare_rows(archive: TownArchive, schema: str, shapes: dict[str, Any]) -> None:
    loaded = table_digests(schema, archive.tables, shapes)
    for table, facts in archive.tables.items():
        rows, sha256 = loaded[table]
        if rows != facts["rows"] or sha256 != facts["sha256"]:
            raise ArchiveRefused(
                f"{table}: {rows} rows loaded, the archive has {facts['rows']}, or they differ "
                "from the exported ones."
            )


def _compare_checksums(archive: TownArchive) -> None:
    found = {name: function() for name, function in all_checksums().items()}
    expected = archive.manifest["checksums"]
    # (through JSON, as the manifest holds them)
    if json.loads(json.dumps(found, default=str)) != expected:
        differing = sorted(
            k for k in found.keys() | expected.keys() if found.get(k) != expected.get(k)
        )
        raise ArchiveRefused(
            f"The checksums {differing} of the loaded town differ from the archive's."
        )


def _add_custom_domains(town: Town, record: dict[str, Any]) -> None:
    """The archive's own host names besides its address under the base domain (a town's
    own domain), unless another town has them here."""
    for domain in record["domains"]:
        name = domain["domain"]
        if name == settings.LQ_BASE_DOMAIN or name.endswith("." + settings.LQ_BASE_DOMAIN):
            continue  # (the address under the base domain follows the slug)
        if not Domain.objects.filter(domain=name).exists():
            Domain.objects.create(domain=name, tenant=town, is_primary=False)
