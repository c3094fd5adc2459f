"""An archive of an older LQ: its rows are loaded at its own migration state, then moved
forward by this deployment's migrations.

The new town's schema is a copy of the template, at this deployment's state. When the
archive's migration records are a state of this deployment's migration graph (every
migration it names is known here, with everything it depends on), the schema is first
migrated back to that state (Django's executor, the archive's latest migrations of each
app as the targets, apps it lacks to zero), the rows are loaded and compared there, and then the
schema is migrated forward again: data migrations (RunPython) move the archive's rows as
they moved every other town's. All of it runs inside the import's transaction, so a
failure anywhere leaves nothing. Refused before anything is changed: a migration this
deployment lacks (a newer archive), records that are no state of the graph, and a way back
through a migration that cannot be undone (no reverse) or that cannot run inside a
transaction (atomic = False).

As `migrate` would, content types and permissions of models the forward migrations create
are added afterwards (Django's post_migrate handlers; the import then gives them the
template's ids).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import connection
from django.db.migrations import Migration
from django.db.migrations.executor import MigrationExecutor

from .archive import ArchiveRefused

Key = tuple[str, str]
Target = tuple[str, str | None]


def _names(keys: Iterable[Key]) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in keys)


def way_back(there: set[Key], here: set[Key]) -> list[Target]:
    """The targets that bring a schema at `here` (the records of this deployment's state)
    to the archive's state `there`; ArchiveRefused if there is no clean way (module)."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    unknown = there - here
    if unknown:
        newer = _names(unknown)
        raise ArchiveRefused(
            f"The archive comes from a newer version of LQ: this deployment lacks "
            f"{len(newer)} migration(s), e.g. {newer[0]}. Update this deployment first."
        )
    known = there & set(graph.nodes)
    missing = {
        parent.key
        for key in known
        for parent in graph.node_map[key].parents
        if parent.key not in there
    }
    if missing:
        raise ArchiveRefused(
            "The archive's migration records are not a state of this deployment's "
            f"migrations: it has migrations without {_names(missing)[0]}, which they need."
        )
    targets: list[Target] = []
    for app in sorted({app for app, _name in graph.nodes}):
        mine = {key for key in known if key[0] == app}
        leaves = [
            key for key in mine if not any(c.key in mine for c in graph.node_map[key].children)
        ]
        # (an app's history may branch and merge again: a state before the merge has a
        # latest migration on each branch, and each is a target)
        targets.extend(sorted(leaves) if leaves else [(app, None)])
    plan = executor.migration_plan(targets)
    planned = {(migration.app_label, migration.name) for migration, _backwards in plan}
    if any(not backwards for _migration, backwards in plan) or planned != here - there:
        raise ArchiveRefused(
            "The archive's migration state cannot be reached from this deployment's "
            f"(the way back would change {_names(planned ^ (here - there))[:3]})."
        )
    for migration, _backwards in plan:
        _check_runs_in_transaction(migration)
        irreversible = [op for op in migration.operations if not op.reversible]
        if irreversible:
            raise ArchiveRefused(
                f"The archive comes from an older version of LQ, before "
                f"{migration.app_label}.{migration.name}, which cannot be undone to load it "
                f"({type(irreversible[0]).__name__} without a reverse): import it into a "
                "deployment of that version, update that, and export again."
            )
    for migration in _forward_plan_after(plan):
        _check_runs_in_transaction(migration)
    return targets


def _forward_plan_after(back: list[tuple[Migration, bool]]) -> list[Migration]:
    # (what comes back forward is what went back, in the opposite order)
    return [migration for migration, _backwards in reversed(back)]


def _check_runs_in_transaction(migration: Migration) -> None:
    if not migration.atomic:
        raise ArchiveRefused(
            f"Moving the archive forward would run {migration.app_label}.{migration.name}, "
            "which cannot run inside the import's transaction (atomic = False); import it "
            "into a deployment of the archive's version, update that, and export again."
        )


def migrate_back(targets: list[Target]) -> None:
    """Bring the current town's schema to the archive's state (`way_back`'s targets)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets, plan=executor.migration_plan(targets))


def migrate_forward() -> list[str]:
    """Bring the current town's schema to this deployment's state, then add what
    post_migrate would (content types, permissions); the migrations run ("app.name")."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(targets)
    for migration, _backwards in plan:
        _check_runs_in_transaction(migration)
    executor.migrate(targets, plan=plan)
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=connection.alias)
        create_permissions(app_config, verbosity=0, using=connection.alias)
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
