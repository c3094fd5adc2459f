"""Migrating many towns: Django migrates a pilot, its SQL is replayed in the others, each is
verified against the pilot; a broken schema is reported by name, the others succeed, and a
rerun finishes it (tenants.migration_replay)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context

from tenants import catalog, migration_replay
from tenants.current import set_public_schema
from tenants.migration_state import pending_migrations
from tenants.models import Town
from tenants.template_copy import copy_template

pytestmark = pytest.mark.django_db

TEMPLATE = "lq_template"
# Metadata-only migrations: a column with a default and a partial index (0002), then
# indexes led by composites dropped (0003, on three tables).
MIGRATION = ("notifications", "0002_notification_target")
AFTER_IT = ("notifications", "0003_drop_indexes_led_by_composites")
BEFORE = ("notifications", "0001_notifications")
TABLE = "notifications_notification"
TOUCHED = (
    "notifications_digest",
    "notifications_notification",
    "notifications_preference",
)


def town_behind(schema: str) -> str:
    """A copy of the template with MIGRATION unapplied (by Django, backwards)."""
    with transaction.atomic():
        copy_template(TEMPLATE, schema)
    with schema_context(schema):
        MigrationExecutor(connection).migrate([BEFORE])
    set_public_schema()
    return schema


def run(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def columns(schema: str) -> list[str]:
    described = catalog.describe_schema(schema, tables=[TABLE])
    return [c.name for c in described.tables[0].columns]


def test_the_pilots_sql_reaches_every_town_and_a_broken_one_is_named(towns: object) -> None:
    # given four towns behind by one migration; one already has a column of the new
    # column's name (the replay fails there), one has an index the others lack
    schemas = [town_behind(f"town_mig_{n}") for n in range(4)]
    pilot, fine, clash, extra = schemas
    run(f'ALTER TABLE "{clash}".{TABLE} ADD COLUMN target text')
    run(f'CREATE INDEX extra_index ON "{extra}".{TABLE} (created_at)')
    state = pending_migrations(schemas)
    assert set(state.pending) == set(schemas)
    # when every town is migrated (batches of two)
    result = migration_replay.migrate_towns(state=state, batch_size=2)
    # then the pilot went through Django and the fine town got its SQL
    assert result.migrated == [pilot] and result.replayed == [fine]
    assert result.not_replayable == {}
    assert "target" in columns(fine)
    assert catalog.describe_schema(fine, tables=[TABLE]).comparable(
        values=False
    ) == catalog.describe_schema(pilot, tables=[TABLE]).comparable(values=False)
    # and the two others are named with their reason, and were left as they were
    assert set(result.failed) == {clash, extra}
    assert "already exists" in result.failed[clash]
    assert "extra_index" in result.failed[extra]
    assert columns(extra) == [c for c in columns(pilot) if c != "target"]
    assert set(pending_migrations(schemas).pending) == {clash, extra}

    # when the broken towns are fixed and the command is rerun
    run(f'ALTER TABLE "{clash}".{TABLE} DROP COLUMN target')
    run(f'DROP INDEX "{extra}".extra_index')
    rerun = migration_replay.migrate_towns(batch_size=2, state=pending_migrations(schemas))
    # then they are migrated (one by Django as the pilot, the other replayed) and nothing
    # is pending any more
    assert rerun.failed == {}
    assert sorted(rerun.migrated + rerun.replayed) == [clash, extra]
    assert pending_migrations(schemas).up_to_date


def test_the_captured_sql_is_replayed_with_the_records(towns: object) -> None:
    # given a pilot and a town behind, and the pilot migrated while capturing
    pilot, other = town_behind("town_mig_p"), town_behind("town_mig_o")
    replay = migration_replay.migrate_pilot(pilot)
    assert isinstance(replay, migration_replay.Replay)
    # then the statements are the migration's, unqualified, and the touched table is known
    assert any("ADD COLUMN" in s and '"target"' in s for s in replay.statements)
    assert any("notification_unread_target" in s for s in replay.statements)
    assert not any(pilot in s for s in replay.statements)
    assert replay.touched == TOUCHED
    assert replay.migrations == (MIGRATION, AFTER_IT)
    # when replayed into the other town
    assert migration_replay.replay_batch([other], replay) == {}
    # then it has the column, the index and the record
    assert "target" in columns(other)
    assert pending_migrations([other]).up_to_date


def test_a_data_migration_is_not_replayed(towns: object) -> None:
    # given a town lacking a migration with RunPython (the directory's re-indexing) and
    # the directory's migrations after it
    schema = "town_mig_data"
    with transaction.atomic():
        copy_template(TEMPLATE, schema)
    run(
        f'DELETE FROM "{schema}".django_migrations '  # noqa: S608
        "WHERE app = 'directory' AND name >= '0005_reindex_for_typos'"
    )
    missing = pending_migrations([schema]).pending[schema]
    assert "directory.0005_reindex_for_typos" in missing
    # then the fast path refuses it, naming the operation
    why = migration_replay.not_replayable(schema, missing)
    set_public_schema()
    assert why is not None and "RunPython" in why


def test_the_schema_editor_statements_are_captured_as_sent(towns: object) -> None:
    statements: list[str] = []
    with migration_replay.capturing_schema_editor(statements), connection.schema_editor() as e:
        e.execute("SELECT %s", ["it's"])
    with connection.schema_editor() as editor:
        editor.execute("SELECT 2")
    assert statements == ["SELECT 'it''s'"]


def test_many_schemas_read_at_once_describe_as_each_alone(town_a: Town) -> None:
    # given the template and a town, every table of theirs
    names = [t.name for t in catalog.describe_schema(TEMPLATE).tables]
    # when read together (qualified names, the qualification taken off)
    together = catalog.describe_tables([TEMPLATE, town_a.schema_name], names)
    # then each reads as it does alone (foreign keys, defaults, indexes, triggers, sequences)
    for schema in (TEMPLATE, town_a.schema_name):
        alone = catalog.describe_schema(schema, tables=names).comparable()
        assert together[schema].comparable() == alone
        assert alone == {**catalog.describe_schema(schema).comparable(), "functions": []}
    assert any(t.triggers for t in together[TEMPLATE].tables)
    assert any("REFERENCES" in d for t in together[TEMPLATE].tables for _n, _k, d in t.constraints)
