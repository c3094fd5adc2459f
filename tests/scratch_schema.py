"""A throw-away town schema, migrated from zero, for tests that must commit (threads with
their own connections) or that must see an old shape of the tables (data migrations).

Use only in `django_db(transaction=True)` tests: migrations and commits are real, and the
schema is dropped at the end, so nothing is left in the session's towns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps

Target = tuple[str, str | None]


def migrate_to(targets: Sequence[Target]) -> StateApps:
    """Migrate the current schema to `targets`; returns the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


def latest_targets() -> list[Target]:
    executor = MigrationExecutor(connection)
    return list(executor.loader.graph.leaf_nodes())


@contextmanager
def scratch_schema(name: str, *, targets: Sequence[Target] | None = None) -> Iterator[str]:
    """Create `name`, set the connection to it, migrate (to `targets` or the latest), drop."""
    assert name.startswith("scratch_"), "only scratch schemas are dropped"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        cursor.execute(f'CREATE SCHEMA "{name}"')
    try:
        connection.set_schema(name)
        migrate_to(targets if targets is not None else latest_targets())
        yield name
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
