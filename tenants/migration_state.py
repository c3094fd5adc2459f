"""Which migrations each town schema lacks, for every town at once.

`migrate_schemas --tenant` answers "anything to migrate?" by building Django's migration plan
once per schema (a loader, the graph, the schema's records): 130-260 ms a schema here, so
about half an hour for 10,800 towns before a deploy may go on. The answer is a set
difference: the migrations the code has (read from disk once) against each schema's
`django_migrations`, which one statement per batch of schemas computes inside PostgreSQL;
only the schemas that lack something send rows back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import get_public_schema_name, get_tenant_model

# Schemas per statement: 500 subqueries keep a statement well under a megabyte and its
# planning time small (ops/bench/migrations.py measures other sizes with --batch).
BATCH_SIZE = 500
MigrationKey = tuple[str, str]


@dataclass(frozen=True)
class MigrationState:
    """Per schema, the migrations ("app.name") it lacks; schemas lacking nothing are left out."""

    checked: int
    pending: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Tenant rows whose schema or migration table does not exist (to be created, not migrated).
    without_schema: tuple[str, ...] = ()

    @property
    def up_to_date(self) -> bool:
        return not self.pending and not self.without_schema


def code_migrations() -> dict[MigrationKey, tuple[MigrationKey, ...]]:
    """Every migration on disk, with the migrations a squashed one replaces (else none).

    Read without a connection, the loader keeps a squashed migration in place of those it
    replaces; a schema that recorded all the replaced ones has it applied."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key: tuple(loader.disk_migrations[key].replaces) for key in loader.graph.nodes}


def town_schemas() -> list[str]:
    """The schemas of all tenant rows but the public one: the towns and the template."""
    return sorted(
        get_tenant_model()
        .objects.exclude(schema_name=get_public_schema_name())
        .values_list("schema_name", flat=True)
    )


def pending_migrations(
    schemas: Sequence[str] | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    code: dict[MigrationKey, tuple[MigrationKey, ...]] | None = None,
) -> MigrationState:
    """The migrations each schema lacks: one query per `batch_size` schemas."""
    names = town_schemas() if schemas is None else list(schemas)
    code = code_migrations() if code is None else code
    wanted = sorted(f"{app}.{name}" for app, name in code)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
            "WHERE n.nspname = ANY(%s) AND c.relname = 'django_migrations' AND c.relkind = 'r'",
            [names],
        )
        present = {row[0] for row in cursor.fetchall()}
    existing = [name for name in names if name in present]
    pending: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(existing), batch_size):
        pending.update(_missing(existing[start : start + batch_size], wanted))
    squashed = {f"{a}.{n}": r for (a, n), r in code.items() if r}
    if squashed:
        pending = _drop_applied_squashes(pending, squashed)
    return MigrationState(
        checked=len(names),
        pending=dict(sorted(pending.items())),
        without_schema=tuple(name for name in names if name not in present),
    )


def _missing(schemas: list[str], wanted: list[str]) -> dict[str, tuple[str, ...]]:
    q = connection.ops.quote_name
    per_schema = " UNION ALL ".join(
        # (schema names are quoted identifiers, and passed as parameters where they are data)
        f"SELECT %s, ARRAY(SELECT m FROM code EXCEPT "  # noqa: S608
        f"SELECT app || '.' || name FROM {q(schema)}.django_migrations ORDER BY 1)"
        for schema in schemas
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH code(m) AS (SELECT unnest(%s::text[])) "  # noqa: S608
            f"SELECT * FROM ({per_schema}) missing(schema, names) WHERE cardinality(names) > 0",
            [wanted, *schemas],
        )
        return {schema: tuple(missing) for schema, missing in cursor.fetchall()}


def _drop_applied_squashes(
    pending: dict[str, tuple[str, ...]], squashed: dict[str, tuple[MigrationKey, ...]]
) -> dict[str, tuple[str, ...]]:
    # Django records a squashed migration once all it replaces are applied; until the next
    # `migrate` a schema may hold only the replaced ones, and then lacks nothing.
    result = {}
    for schema, missing in pending.items():
        candidates = [m for m in missing if m in squashed]
        if candidates:
            recorded = _recorded(schema, {key for m in candidates for key in squashed[m]})
            missing = tuple(
                m for m in missing if m not in squashed or not set(squashed[m]) <= recorded
            )
        if missing:
            result[schema] = missing
    return result


def _recorded(schema: str, keys: Iterable[MigrationKey]) -> set[MigrationKey]:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT app, name FROM {q(schema)}.django_migrations "  # noqa: S608
            "WHERE app || '.' || name = ANY(%s)",
            [[f"{a}.{n}" for a, n in keys]],
        )
        return {(app, name) for app, name in cursor.fetchall()}
