"""An imported town's content types take this deployment's ids.

Django caches content types per process by (app_label, model) and by id, not per schema.
django-tenants empties that cache whenever a connection switches schema, but the cache is
shared by the process's threads: a thread serving one town fills it while another thread
reads it in another town (a threaded server, the development server, a thread pool in a
task). Every town of a deployment is copied from the template, so they all share the
template's ids and the cache is right in each. An archive brings its own deployment's
ids, which may differ; left so, the imported town would get another model's id from
`get_for_model()`, and a report's target another model's row. So after its rows are loaded
and compared with the manifest, the town's content types are renumbered to the template's
ids for the same (app_label, model), and every column that refers to them with them; a
content type the template lacks (a model gone since) gets a fresh id above the template's.

The referring columns are found in the catalog (the foreign keys to django_content_type):
every generic relation of ours keeps its content type in a real foreign key
(tests/portal/continuity/test_content_types.py fails when a field refers to content types
any other way), and their object ids are the objects' own, which the import keeps.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection

TABLE = "django_content_type"


def content_type_ids(schema: str) -> dict[tuple[str, str], int]:
    """(app_label, model) -> id of the content types of `schema`."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app_label, model, id FROM {q(schema)}.{TABLE}")  # noqa: S608
        return {(app, model): id_ for app, model, id_ in cursor.fetchall()}


def referring_columns(schema: str) -> list[tuple[str, str]]:
    """(table, column) of every foreign key in `schema` to its django_content_type."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, a.attname FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "WHERE c.contype = 'f' AND c.connamespace = %s::regnamespace "
            "AND c.confrelid = %s::regclass ORDER BY 1, 2",
            [schema, f"{connection.ops.quote_name(schema)}.{TABLE}"],
        )
        return [(table, column) for table, column in cursor.fetchall()]


def renumbering(
    town: dict[tuple[str, str], int], ours: dict[tuple[str, str], int]
) -> dict[int, int]:
    """old id -> new id for the town's content types whose id changes (see the module)."""
    fresh = max(ours.values(), default=0) + 1
    changes = {}
    for key, old in sorted(town.items(), key=lambda item: item[1]):
        new = ours.get(key)
        if new is None:
            new, fresh = fresh, fresh + 1
        if new != old:
            changes[old] = new
    return changes


def adopt_content_type_ids(schema: str, template: str) -> int:
    """Renumber the content types of `schema` (and what refers to them) to the ids of
    `template`; how many changed. Runs inside the import's transaction; the foreign keys
    are deferred meanwhile and checked at the end."""
    changes = renumbering(content_type_ids(schema), content_type_ids(template))
    if not changes:
        return 0
    q = connection.ops.quote_name
    old, new = list(changes), list(changes.values())
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # In two steps, through negative ids: a primary key or a unique (content type,
        # codename) is checked row by row, and the new ids are a permutation of the old.
        for table, column in [(TABLE, "id"), *referring_columns(schema)]:
            target = f"{q(schema)}.{q(table)}"
            cursor.execute(
                f"UPDATE {target} AS t SET {q(column)} = -m.new "  # noqa: S608
                "FROM unnest(%s::int[], %s::int[]) AS m(old, new) "
                f"WHERE t.{q(column)} = m.old",
                [old, new],
            )
            cursor.execute(
                f"UPDATE {target} SET {q(column)} = -{q(column)} WHERE {q(column)} < 0"  # noqa: S608
            )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # (the forward migrations of an older archive may have cached the ids before)
    ContentType.objects.clear_cache()
    return len(changes)
