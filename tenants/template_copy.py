"""A new town's schema: the template's DDL replayed under the town's name, plus its rows.

django-tenants' `clone_schema()` walks the catalog in PL/pgSQL for every table of every new
town and sends each statement on its own (0.39 s of a 0.55 s provisioning here). Instead the
template's catalog is read once (`tenants.catalog`), turned into statements, and kept in the
process for as long as the template stays the same; a town then costs one round trip of DDL
(the tables with their keys and most foreign keys), one of row copies (migration records,
content types, permissions, seed rows) and one of indexes, the remaining foreign keys,
sequence values and triggers, all inside the caller's transaction.

"The same template" is a fingerprint of the template's migration records and its number of
relations: every deploy migrates the template (it is a tenant row), which changes the
records, so the next town after a deploy is copied from the new shape. The provisioning test
compares a new town's whole catalog with the template's.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection

from .catalog import creation_order, describe_schema, schema_statements
from .postgresql_backend.base import forget_server_search_path


@dataclass(frozen=True)
class TemplateSnapshot:
    fingerprint: tuple[object, ...]
    before_rows: str  # the functions, sequences and tables
    row_copies: tuple[tuple[str, str], ...]  # (table, quoted column list), tables with rows
    overriding: frozenset[str]  # tables whose identity is GENERATED ALWAYS
    after_rows: str  # keys, indexes, foreign keys, sequence values, triggers, comments
    relations: int


_snapshots: dict[str, TemplateSnapshot] = {}
_lock = threading.Lock()


def template_fingerprint(template: str) -> tuple[object, ...]:
    q = connection.ops.quote_name(template)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), md5(string_agg(app || '.' || name, ',' ORDER BY app, name)), "  # noqa: S608
            f"(SELECT count(*) FROM pg_class WHERE relnamespace = %s::regnamespace) "
            f"FROM {q}.django_migrations",
            [template],
        )
        row = cursor.fetchone()
    return (connection.alias, *row)


def template_snapshot(template: str) -> TemplateSnapshot:
    """The template's statements, read again only when its fingerprint changed."""
    fingerprint = template_fingerprint(template)
    with _lock:
        cached = _snapshots.get(template)
        if cached is not None and cached.fingerprint == fingerprint:
            return cached
    catalog = describe_schema(template, with_row_flags=True)
    before, after = schema_statements(catalog)
    q = connection.ops.quote_name
    copies = []
    overriding = set()
    for table in creation_order(catalog):  # (rows before the rows that reference them)
        if not table.has_rows:
            continue
        copies.append((table.name, ", ".join(q(c.name) for c in table.columns if not c.generated)))
        if any(c.identity == "a" for c in table.columns):
            overriding.add(table.name)
    snapshot = TemplateSnapshot(
        fingerprint=fingerprint,
        before_rows=";\n".join(before),
        row_copies=tuple(copies),
        overriding=frozenset(overriding),
        after_rows=";\n".join(after),
        relations=int(fingerprint[-1]),  # type: ignore[call-overload]
    )
    with _lock:
        _snapshots[template] = snapshot
    return snapshot


def copy_template(template: str, schema: str) -> None:
    """Create `schema` as a copy of `template` (structure, rows, sequence values). Call it
    inside a transaction: a failure leaves nothing, as PostgreSQL's DDL is transactional."""
    if not connection.in_atomic_block:
        raise RuntimeError("copy_template must run inside transaction.atomic()")
    snapshot = template_snapshot(template)
    q = connection.ops.quote_name
    source, target = q(template), q(schema)
    copies = ";\n".join(
        # (names from the catalog, quoted)
        f"INSERT INTO {target}.{q(table)} ({columns}) "  # noqa: S608
        + ("OVERRIDING SYSTEM VALUE " if table in snapshot.overriding else "")
        + f"SELECT {columns} FROM {source}.{q(table)}"  # noqa: S608
        for table, columns in snapshot.row_copies
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {target}")
        # The statements name the schema's own objects unqualified and everything else
        # qualified: with the new schema alone on the path nothing can land in public.
        cursor.execute(f"SET LOCAL search_path = {target}")
        try:
            cursor.execute("SET LOCAL check_function_bodies = off")
            cursor.execute(snapshot.before_rows)
            if copies:
                cursor.execute(copies)
            cursor.execute(snapshot.after_rows)
            cursor.execute(
                "SET LOCAL search_path = DEFAULT; SET LOCAL check_function_bodies = DEFAULT"
            )
        finally:
            # (After a failure the transaction is aborted and its rollback reverts both.)
            forget_server_search_path(connection)
