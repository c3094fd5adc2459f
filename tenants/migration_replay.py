"""Migrating every town: Django's migrations run once, their SQL replayed in the others.

A town schema is a copy of the template (tenants.template_copy), so a migration that only
changes structure sends the same statements to every town. Django's migrate costs 100-200 ms
a schema (the plan, the project state rendered, introspection); the statements themselves a
few milliseconds. So for each group of schemas lacking the same migrations:

1. a pilot (the template if it is in the group, else the group's first town) is migrated the
   real way, `migrate_schemas --schema`, while the schema editor's statements are captured;
2. the statements are replayed only if they are schema-independent: every operation is one
   that changes structure alone (no RunPython, no new or deleted models, whose content types
   and permissions Django's post_migrate writes), and no statement names the pilot's schema;
3. every other schema of the group gets them and its migration records, several schemas per
   round trip and one transaction; before it commits, each is compared with the pilot by
   tenants.catalog (the tables the migration touched, structure only, read for the whole
   batch at once). A batch
   with a failure is undone and its schemas redone one transaction each, so that a broken
   schema is reported by name and the others go on;
4. groups whose migrations cannot be replayed go through `migrate_schemas --schema` one by one.

A failed schema keeps its old state and still shows as pending (tenants.migration_state), so
a rerun picks up exactly what is left.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.management import call_command
from django.db import connection, connections, router, transaction
from django.db.migrations import Migration, operations
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import get_tenant_base_schema, schema_context

from .catalog import SchemaCatalog, describe_schema, describe_tables, differences
from .current import set_public_schema
from .migration_state import MigrationState, pending_migrations
from .postgresql_backend.base import forget_server_search_path

# Schemas per round trip and transaction when replaying.
BATCH_SIZE = 25
# Operations whose database effect is structure alone, the same in every copy of the template.
# CreateModel, DeleteModel and RenameModel are left out: post_migrate writes their content
# types and permissions, rows that differ between schemas.
_STRUCTURAL = (
    operations.AddField,
    operations.AlterField,
    operations.RemoveField,
    operations.RenameField,
    operations.AddIndex,
    operations.RemoveIndex,
    operations.RenameIndex,
    operations.AddConstraint,
    operations.RemoveConstraint,
    operations.AlterConstraint,
    operations.AlterUniqueTogether,
    operations.AlterIndexTogether,
    operations.AlterModelTableComment,
    operations.AlterOrderWithRespectTo,
    operations.AlterModelManagers,
    operations.AlterModelOptions,
    operations.RunSQL,
)


class ReplayMismatch(Exception):
    """A schema differs from the pilot after the replay."""


@dataclass
class Replay:
    """What a pilot's migration sent, to be sent to the other schemas of its group."""

    migrations: tuple[tuple[str, str], ...]
    statements: tuple[str, ...]
    search_path_tail: tuple[str, ...]  # after the schema itself: public (extensions), extras
    touched: tuple[str, ...] | None  # tables to compare; None: the whole schema
    reference: SchemaCatalog  # the pilot's catalog of those tables
    comparable: dict[str, Any]  # and its structure (without sequence values)


@dataclass
class TownMigration:
    """The outcome of `migrate_towns`, by schema."""

    state: MigrationState
    replayed: list[str] = field(default_factory=list)
    migrated: list[str] = field(default_factory=list)  # by Django: pilots and fallbacks
    failed: dict[str, str] = field(default_factory=dict)
    not_replayable: dict[str, str] = field(default_factory=dict)  # group's pilot: why


def migrate_towns(
    *,
    batch_size: int = BATCH_SIZE,
    log: Callable[[str], None] = lambda line: None,
    state: MigrationState | None = None,
) -> TownMigration:
    """Bring every town schema (and the template) up to the code's migrations."""
    state = pending_migrations() if state is None else state
    result = TownMigration(state=state)
    groups: dict[tuple[str, ...], list[str]] = {}
    for schema, missing in state.pending.items():
        groups.setdefault(missing, []).append(schema)
    template = get_tenant_base_schema()
    for missing, schemas in groups.items():
        pilot = template if template in schemas else schemas[0]
        rest = [s for s in schemas if s != pilot]
        log(f"{len(schemas)} schemas lack {len(missing)} migrations; pilot {pilot}")
        why = not_replayable(pilot, missing)
        if why is not None:
            result.not_replayable[pilot] = why
            log(f"not replayable ({why}): migrate_schemas for each of {len(schemas)} schemas")
            for schema in schemas:
                _migrate_one(schema, result)
            continue
        try:
            replay = migrate_pilot(pilot)
        except Exception as exc:
            result.failed[pilot] = f"{type(exc).__name__}: {exc}"
            log(f"pilot {pilot} failed: {exc}; its group is left as it was")
            continue
        result.migrated.append(pilot)
        if isinstance(replay, str):
            result.not_replayable[pilot] = replay
            log(f"not replayable ({replay}): migrate_schemas for the other {len(rest)}")
            for schema in rest:
                _migrate_one(schema, result)
            continue
        for start in range(0, len(rest), batch_size):
            batch = rest[start : start + batch_size]
            failures = replay_batch(batch, replay)
            result.failed.update(failures)
            result.replayed.extend(s for s in batch if s not in failures)
            for schema, error in failures.items():
                log(f"{schema} failed: {error}")
    for schema in state.without_schema:
        result.failed[schema] = "the schema or its django_migrations table does not exist"
    return result


def not_replayable(schema: str, missing: tuple[str, ...]) -> str | None:
    """Why the migrations `schema` lacks cannot be replayed elsewhere (None: they can)."""
    with schema_context(schema):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        planned = tuple(sorted(f"{m.app_label}.{m.name}" for m, _backwards in plan))
        if planned != tuple(sorted(missing)):
            return "Django's plan differs from the missing records"
        for migration, backwards in plan:
            if backwards:
                return f"{migration.app_label}.{migration.name} would be unapplied"
            why = _unstructural(migration)
            if why:
                return why
    return None


def _unstructural(migration: Migration) -> str | None:
    # An app whose operations the router keeps out of town schemas only records there.
    if not router.allow_migrate(connection.alias, migration.app_label):
        return None
    for operation in migration.operations:
        if not isinstance(operation, _STRUCTURAL):
            return f"{migration.app_label}.{migration.name}: {type(operation).__name__}"
        if isinstance(operation, operations.AlterModelOptions) and {
            "permissions",
            "default_permissions",
        } & set(operation.options):
            return f"{migration.app_label}.{migration.name}: changes permissions"
    return None


def migrate_pilot(pilot: str) -> Replay | str:
    """Migrate `pilot` with Django, capturing its statements: the Replay for the others of
    its group, or why they must go through Django too (the pilot is migrated either way)."""
    before = describe_schema(pilot)
    statements: list[str] = []
    with schema_context(pilot):
        tail = tuple(connection._get_cursor_search_paths()[1:])  # type: ignore[attr-defined]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        migrations = tuple((m.app_label, m.name) for m, _backwards in plan)
        uses_sql = any(
            isinstance(op, operations.RunSQL) for m, _backwards in plan for op in m.operations
        )
    with capturing_schema_editor(statements):
        call_command(
            "migrate_schemas", tenant=True, schema_name=pilot, interactive=False, verbosity=0
        )
    own_name = re.compile(rf"(?<![\w$]){re.escape(pilot)}(?![\w$])")
    if any(own_name.search(statement) for statement in statements):
        return "a statement names the pilot's schema"
    after = describe_schema(pilot)
    if uses_sql:
        touched = None  # RunSQL may change anything, so every schema is compared whole
    else:
        old = {t[0]: t for t in before.comparable()["tables"]}
        new = {t[0]: t for t in after.comparable()["tables"]}
        touched = tuple(sorted(n for n in old.keys() | new.keys() if old.get(n) != new.get(n)))
    reference = after if touched is None else describe_tables([pilot], touched)[pilot]
    return Replay(
        migrations=migrations,
        statements=tuple(statements),
        search_path_tail=tail,
        touched=touched,
        reference=reference,
        comparable=reference.comparable(values=False),
    )


@contextmanager
def capturing_schema_editor(statements: list[str]) -> Iterator[None]:
    """Note every statement the schema editor sends on this connection, as sent."""
    wrapper = connections[connection.alias]  # (the object, not the thread's proxy)
    base = type(wrapper).SchemaEditorClass

    class CapturingSchemaEditor(base):  # type: ignore[misc, valid-type]
        def execute(self, sql: Any, params: Any = ()) -> Any:
            if not self.collect_sql:
                text = str(sql) if params is None else _compose(str(sql), params)
                statements.append(text)
            return super().execute(sql, params)

    wrapper.SchemaEditorClass = CapturingSchemaEditor
    try:
        yield
    finally:
        del wrapper.SchemaEditorClass


def _compose(sql: str, params: Any) -> str:
    """Parameters merged into the text, as PostgreSQL's schema editor sends them."""
    return str(connection.ops.compose_sql(sql, params))  # type: ignore[attr-defined]


def replay_script(schema: str, replay: Replay) -> str:
    """The statements that give `schema` the pilot's migrations, with their records."""
    q = connection.ops.quote_name
    path = ", ".join(q(p) for p in (schema, *replay.search_path_tail))
    records = ", ".join(_compose("(%s, %s, now())", [app, name]) for app, name in replay.migrations)
    return ";\n".join(
        [
            f"SET LOCAL search_path = {path}",
            *replay.statements,
            # (qualified: a schema without its own table must fail, not write to public's)
            f"INSERT INTO {q(schema)}.django_migrations (app, name, applied) VALUES {records}",  # noqa: S608
        ]
    )


def replay_batch(schemas: list[str], replay: Replay) -> dict[str, str]:
    """Replay into `schemas` in one transaction, each verified; on any failure the batch is
    undone and each schema redone alone. Returns the failures, by schema."""
    try:
        with transaction.atomic():
            try:
                with connection.cursor() as cursor:
                    cursor.execute(";\n".join(replay_script(s, replay) for s in schemas))
            finally:
                forget_server_search_path(connection)
            verify_replayed(schemas, replay)
    except Exception as exc:
        if len(schemas) == 1:
            return {schemas[0]: f"{type(exc).__name__}: {exc}".strip()}
        failures: dict[str, str] = {}
        for schema in schemas:
            failures.update(replay_batch([schema], replay))
        return failures
    return {}


def verify_replayed(schemas: list[str], replay: Replay) -> None:
    """Raise ReplayMismatch unless each schema's touched tables are the pilot's (all
    schemas read at once), or with RunSQL in the migrations, each whole schema."""
    if replay.touched is None:
        catalogs = {schema: describe_schema(schema) for schema in schemas}
    else:
        catalogs = describe_tables(schemas, replay.touched)
    for schema in schemas:
        own = catalogs[schema]
        if own.comparable(values=False) != replay.comparable:
            found = differences(replay.reference, own, limit=5, values=False)
            raise ReplayMismatch(
                f"{schema} differs from {replay.reference.schema}: "
                + ("; ".join(found) or "in structure")
            )


def _migrate_one(schema: str, result: TownMigration) -> None:
    try:
        call_command(
            "migrate_schemas", tenant=True, schema_name=schema, interactive=False, verbosity=0
        )
    except Exception as exc:
        result.failed[schema] = f"{type(exc).__name__}: {exc}"
    else:
        result.migrated.append(schema)
    finally:
        set_public_schema()
