"""The shape of a town's tables as the archive sees them, and their rows in COPY form.

A table's rows are read as `COPY (SELECT <columns> ORDER BY <primary key>) TO STDOUT`: the
same rows give the same bytes in any schema, so the SHA-256 the export writes is compared
with the one the import computes over the rows it loaded. Generated columns are left out
(PostgreSQL computes them again). Names come from the catalog and are quoted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class TableShape:
    name: str
    columns: tuple[str, ...]  # without generated columns, in column order
    key: tuple[str, ...]  # the primary key's columns


def table_shapes(schema: str) -> dict[str, TableShape]:
    """Every ordinary table of `schema` with its columns and primary key (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, "
            "array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attgenerated = ''), "
            "(SELECT array_agg(k.attname::text ORDER BY array_position(i.indkey, k.attnum)) "
            " FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid "
            " AND k.attnum = ANY(i.indkey) WHERE i.indrelid = c.oid AND i.indisprimary) "
            "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
            "AND a.attnum > 0 AND NOT a.attisdropped "
            "WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' GROUP BY c.oid",
            [schema],
        )
        return {
            name: TableShape(name=name, columns=tuple(columns), key=tuple(key or ()))
            for name, columns, key in cursor.fetchall()
        }


def copy_out_sql(schema: str, shape: TableShape) -> str:
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in shape.columns)
    order = ", ".join(q(c) for c in shape.key) or columns
    return f"COPY (SELECT {columns} FROM {q(schema)}.{q(shape.name)} ORDER BY {order}) TO STDOUT"  # noqa: S608


def copy_in_sql(schema: str, shape: TableShape) -> str:
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in shape.columns)
    return f"COPY {q(schema)}.{q(shape.name)} ({columns}) FROM STDIN"


def rows_out(schema: str, shape: TableShape) -> Iterator[memoryview]:
    """The table's rows in COPY text form, streamed (never the whole table in memory)."""
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(copy_out_sql(schema, shape)) as copy:
        yield from copy


def table_digests(
    schema: str, tables: Iterable[str], shapes: dict[str, TableShape] | None = None
) -> dict[str, tuple[int, str]]:
    """Each table's row count and the SHA-256 of its rows in COPY form (as the export writes
    them): the import compares them with the manifest, the backup drill with the live town."""
    shapes = shapes or table_shapes(schema)
    result = {}
    for table in tables:
        digest = hashlib.sha256()
        rows = 0
        for chunk in rows_out(schema, shapes[table]):
            digest.update(chunk)
            rows += bytes(chunk).count(b"\n")
        result[table] = (rows, digest.hexdigest())
    return result


def owned_sequences(schema: str) -> list[tuple[str, str, str]]:
    """(sequence, table, column) of every sequence a column of `schema` owns (serials and
    identity columns)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.relname, t.relname, a.attname FROM pg_class s "
            "JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid "
            "AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
            "JOIN pg_class t ON t.oid = d.refobjid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
            "WHERE s.relkind = 'S' AND s.relnamespace = %s::regnamespace ORDER BY 1",
            [schema],
        )
        return [(s, t, c) for s, t, c in cursor.fetchall()]
