"""A town schema as PostgreSQL's catalog describes it, and the DDL that rebuilds it.

`describe_schema()` reads every object a town schema can hold (tables, columns with their
types, defaults, identity and generation, constraints, indexes, triggers, functions,
sequences with their values, comments) with PostgreSQL's own `pg_get_*def` functions, while
the session's search_path is that schema alone: names inside the schema come out
unqualified, names elsewhere (`public.unaccent`) qualified. Two schemas built alike therefore
describe alike, whatever they are called; the provisioning test compares a new town with the
template this way, the fast migrations verify every town with it.

`schema_statements()` turns such a description into the statements that build the same
schema under another name (see `tenants.template_copy`). What the copy cannot rebuild (views,
types, policies … which no town app has today) is refused by name, never skipped.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from .postgresql_backend.base import forget_server_search_path

# Objects a town schema may hold that the copy does not rebuild: their count must be 0.
_UNSUPPORTED = {
    "views, materialised views or foreign tables": (
        "SELECT count(*) FROM pg_class WHERE relnamespace = %(ns)s AND relkind IN ('v','m','f','p','c')"
    ),
    "types, domains or enums": (
        "SELECT count(*) FROM pg_type WHERE typnamespace = %(ns)s AND typrelid = 0 "
        "AND typelem = 0 AND typtype <> 'b'"
    ),
    "row-level security policies": (
        "SELECT count(*) FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
        "WHERE c.relnamespace = %(ns)s"
    ),
    "rules": (
        "SELECT count(*) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class "
        "WHERE c.relnamespace = %(ns)s"
    ),
    "extended statistics": "SELECT count(*) FROM pg_statistic_ext WHERE stxnamespace = %(ns)s",
    "collations": "SELECT count(*) FROM pg_collation WHERE collnamespace = %(ns)s",
    "operators": "SELECT count(*) FROM pg_operator WHERE oprnamespace = %(ns)s",
    "text search configurations": "SELECT count(*) FROM pg_ts_config WHERE cfgnamespace = %(ns)s",
    "inherited or partitioned tables": (
        "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE c.relnamespace = %(ns)s"
    ),
}


class UnsupportedSchema(Exception):
    """The schema holds an object the copy cannot rebuild."""


@dataclass
class Column:
    name: str
    type: str
    not_null: str | None  # the NOT NULL constraint's name (PostgreSQL 18), "" before
    default: str | None
    identity: str  # "", "a" (always) or "d" (by default)
    generated: str  # "" or "s" (stored)
    collation: str | None


@dataclass
class Sequence:
    name: str
    type: str
    start: int
    increment: int
    minimum: int
    maximum: int
    cache: int
    cycle: bool
    last_value: int | None
    owned_by: tuple[str, str] | None  # (table, column)
    identity: bool  # the sequence of an identity column


@dataclass
class Table:
    name: str
    persistence: str
    options: list[str]
    columns: list[Column] = field(default_factory=list)
    # (name, type, definition); type: p, u, c, x, f
    constraints: list[tuple[str, str, str]] = field(default_factory=list)
    indexes: list[tuple[str, str]] = field(default_factory=list)  # not backing a constraint
    triggers: list[tuple[str, str]] = field(default_factory=list)
    comment: str | None = None
    column_comments: list[tuple[str, str]] = field(default_factory=list)
    has_rows: bool = False
    # foreign key name -> the table it references in the same schema (None: elsewhere);
    # only for the order of creation, not compared
    references: dict[str, str | None] = field(default_factory=dict)


@dataclass
class SchemaCatalog:
    schema: str
    functions: list[tuple[str, str]]  # (signature, definition)
    tables: list[Table]
    sequences: list[Sequence]

    def comparable(self, *, values: bool = True) -> dict[str, Any]:
        """Everything but the schema's own name, for `==` between two schemas; without
        `values`, also without the sequences' current values (which a town's rows move)."""
        return {
            "functions": [
                (signature, _unqualify(definition, self.schema))
                for signature, definition in self.functions
            ],
            "tables": [
                (
                    t.name,
                    t.persistence,
                    t.options,
                    [
                        {**vars(c), "default": c.default and _canonical(c.default)}
                        for c in t.columns
                    ],
                    sorted((n, k, _canonical(d)) for n, k, d in t.constraints),
                    sorted((n, _canonical(d)) for n, d in t.indexes),
                    sorted(t.triggers),
                    t.comment,
                    sorted(t.column_comments),
                )
                for t in self.tables
            ],
            "sequences": [
                {k: v for k, v in vars(s).items() if values or k != "last_value"}
                for s in self.sequences
            ],
        }


def differences(
    left: SchemaCatalog, right: SchemaCatalog, *, limit: int = 20, values: bool = True
) -> list[str]:
    """What differs between two schemas, readable ("table x: columns …"), at most `limit`."""
    a, b = left.comparable(values=values), right.comparable(values=values)
    found: list[str] = []
    if a["functions"] != b["functions"]:
        found.append("functions differ")
    tables_a = {t[0]: t for t in a["tables"]}
    tables_b = {t[0]: t for t in b["tables"]}
    for name in sorted(tables_a.keys() ^ tables_b.keys()):
        found.append(f"table {name} only in {left.schema if name in tables_a else right.schema}")
    parts = (
        "persistence",
        "options",
        "columns",
        "constraints",
        "indexes",
        "triggers",
        "comment",
        "column comments",
    )
    for name in sorted(tables_a.keys() & tables_b.keys()):
        for part, x, y in zip(parts, tables_a[name][1:], tables_b[name][1:], strict=True):
            if x != y:
                only_a = [v for v in x if v not in y] if isinstance(x, list) else x
                only_b = [v for v in y if v not in x] if isinstance(y, list) else y
                found.append(f"table {name}: {part}: {only_a!r} <> {only_b!r}")
    seqs_a = {s["name"]: s for s in a["sequences"]}
    seqs_b = {s["name"]: s for s in b["sequences"]}
    for name in sorted(seqs_a.keys() | seqs_b.keys()):
        if seqs_a.get(name) != seqs_b.get(name):
            found.append(f"sequence {name}: {seqs_a.get(name)!r} <> {seqs_b.get(name)!r}")
    return found[:limit]


# PostgreSQL prints `x IN ('a', 'b')` over a varchar column as `(ARRAY['a'::character
# varying, …])::text[]`, and the same text parsed again prints `ARRAY[('a'::character
# varying)::text, …]`: the same expression, two spellings. Comparisons use the second.
_VARCHAR_ARRAY = re.compile(
    r"\(ARRAY\[((?:'(?:[^']|'')*'::character varying(?:, )?)+)\]\)::text\[\]"
)
_VARCHAR_ITEM = re.compile(r"'(?:[^']|'')*'::character varying")


def _canonical(definition: str) -> str:
    return _VARCHAR_ARRAY.sub(
        lambda m: "ARRAY[" + _VARCHAR_ITEM.sub(lambda i: f"({i.group(0)})::text", m.group(1)) + "]",
        definition,
    )


def _unqualify(definition: str, schema: str) -> str:
    # pg_get_functiondef always names the function's own schema in its first line.
    for name in (connection.ops.quote_name(schema), schema):
        definition = definition.replace(f"FUNCTION {name}.", "FUNCTION ", 1)
    return definition


def _unqualify_table(definition: str, schema: str) -> str:
    # pg_get_indexdef and pg_get_triggerdef always name the table's schema.
    for name in (connection.ops.quote_name(schema), schema):
        for only in ("", "ONLY "):
            definition = definition.replace(f" ON {only}{name}.", f" ON {only}", 1)
    return definition


def _rows(cursor: CursorWrapper, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params)
    return list(cursor.fetchall())


def describe_schema(
    schema: str, *, with_row_flags: bool = False, tables: Collection[str] | None = None
) -> SchemaCatalog:
    """The catalog of `schema`. Runs in its own transaction block with the search_path set
    to the schema alone (for unqualified names), and leaves the connection's path as it was.
    `with_row_flags` also notes which tables hold rows (one count per table). `tables`
    limits it to those tables and the sequences they own (no functions)."""
    quoted = connection.ops.quote_name(schema)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL search_path = {quoted}")
        try:
            catalog = _describe(
                cursor,
                [schema],
                with_row_flags=with_row_flags,
                only=None if tables is None else sorted(tables),
            )[schema]
            cursor.execute("SET LOCAL search_path = DEFAULT")
            return catalog
        finally:
            forget_server_search_path(connection)


def describe_tables(schemas: Collection[str], tables: Collection[str]) -> dict[str, SchemaCatalog]:
    """`tables` (and the sequences they own) of each of `schemas`, as `describe_schema`
    describes them, read for all the schemas at once: one query per part of the catalog
    instead of one per part and schema (the fast migrations verify many towns this way)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Nothing on the path: every schema's own names come out qualified, and the
        # qualification is taken off afterwards (names elsewhere keep it, as above).
        cursor.execute("SET LOCAL search_path = pg_catalog")
        try:
            catalogs = _describe(
                cursor, sorted(schemas), with_row_flags=False, only=sorted(tables), strip=True
            )
            cursor.execute("SET LOCAL search_path = DEFAULT")
            return catalogs
        finally:
            forget_server_search_path(connection)


def _describe(
    cursor: CursorWrapper,
    schemas: list[str],
    *,
    with_row_flags: bool,
    only: list[str] | None,
    strip: bool = False,
) -> dict[str, SchemaCatalog]:
    cursor.execute(
        "SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY(%s::text[])", [schemas]
    )
    namespaces: dict[int, str] = dict(cursor.fetchall())
    for schema in set(schemas) - set(namespaces.values()):
        raise UnsupportedSchema(f"schema {schema} does not exist")
    p: dict[str, Any] = {"ns": list(namespaces)}
    if only is None:
        for what, sql in _UNSUPPORTED.items():
            for oid, schema in namespaces.items():
                cursor.execute(sql, {"ns": oid})
                if cursor.fetchone()[0]:
                    raise UnsupportedSchema(
                        f"schema {schema} has {what}, which the copy cannot rebuild"
                    )
    own = _qualification(namespaces.values()) if strip else None

    def plain(definition: str | None) -> Any:
        return definition if own is None or definition is None else own.sub("", definition)

    catalogs = {
        schema: SchemaCatalog(schema=schema, functions=[], tables=[], sequences=[])
        for schema in namespaces.values()
    }
    if only is None:
        for ns, name, args, definition in _rows(
            cursor,
            "SELECT pronamespace, proname, pg_get_function_identity_arguments(oid), "
            "pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = ANY(%(ns)s::oid[]) "
            "ORDER BY 2, 3",
            p,
        ):
            catalogs[namespaces[ns]].functions.append((f"{name}({args})", plain(definition)))
    tables: dict[int, Table] = {}
    for oid, ns, name, persistence, options in _rows(
        cursor,
        "SELECT oid, relnamespace, relname, relpersistence, coalesce(reloptions, '{}') "
        "FROM pg_class WHERE relnamespace = ANY(%(ns)s::oid[]) AND relkind = 'r' "
        "AND (%(only)s::text[] IS NULL OR relname = ANY(%(only)s::text[])) ORDER BY relname",
        {**p, "only": only},
    ):
        tables[oid] = Table(name=name, persistence=persistence, options=list(options))
        catalogs[namespaces[ns]].tables.append(tables[oid])
    # The other queries keep their namespace test and look at these tables alone.
    p["rels"] = None if only is None else list(tables)
    not_null_names = _not_null_names(cursor, p)
    for relid, attnum, name, type_, not_null, default, identity, generated, collation in _rows(
        cursor,
        "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), "
        "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, "
        "CASE WHEN a.attcollation <> t.typcollation THEN co.collname END "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_type t ON t.oid = a.atttypid "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
        "WHERE c.relnamespace = ANY(%(ns)s::oid[]) AND c.relkind = 'r' AND a.attnum > 0 "
        "AND NOT a.attisdropped "
        "AND (%(rels)s::oid[] IS NULL OR a.attrelid = ANY(%(rels)s::oid[])) "
        "ORDER BY a.attrelid, a.attnum",
        p,
    ):
        tables[relid].columns.append(
            Column(
                name=name,
                type=plain(type_),
                not_null=not_null_names.get((relid, attnum), "") if not_null else None,
                default=plain(default),
                identity=identity,
                generated=generated,
                collation=collation,
            )
        )
    for relid, name, contype, definition, target in _rows(
        cursor,
        "SELECT k.conrelid, k.conname, k.contype, pg_get_constraintdef(k.oid), r.relname "
        "FROM pg_constraint k LEFT JOIN pg_class r ON r.oid = k.confrelid "
        "AND r.relnamespace = k.connamespace "
        "WHERE k.connamespace = ANY(%(ns)s::oid[]) AND k.contype IN ('p','u','c','x','f') "
        "AND (%(rels)s::oid[] IS NULL OR k.conrelid = ANY(%(rels)s::oid[])) "
        "ORDER BY k.conrelid, k.conname",
        p,
    ):
        tables[relid].constraints.append((name, contype, plain(definition)))
        if contype == "f":
            tables[relid].references[name] = target
    for relid, ns, name, definition in _rows(
        cursor,
        "SELECT i.indrelid, c.relnamespace, c.relname, pg_get_indexdef(i.indexrelid) "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relnamespace = ANY(%(ns)s::oid[]) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
        "AND k.conrelid = i.indrelid AND k.contype IN ('p','u','x')) "
        "AND (%(rels)s::oid[] IS NULL OR i.indrelid = ANY(%(rels)s::oid[])) ORDER BY 3",
        p,
    ):
        unqualified = _unqualify_table(definition, namespaces[ns])
        tables[relid].indexes.append((name, plain(unqualified)))
    for relid, ns, name, definition in _rows(
        cursor,
        "SELECT t.tgrelid, c.relnamespace, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = ANY(%(ns)s::oid[]) "
        "AND NOT t.tgisinternal "
        "AND (%(rels)s::oid[] IS NULL OR t.tgrelid = ANY(%(rels)s::oid[])) ORDER BY 3",
        p,
    ):
        unqualified = _unqualify_table(definition, namespaces[ns])
        tables[relid].triggers.append((name, plain(unqualified)))
    for relid, subid, text in _rows(
        cursor,
        "SELECT d.objoid, d.objsubid, d.description FROM pg_description d "
        "JOIN pg_class c ON c.oid = d.objoid WHERE d.classoid = 'pg_class'::regclass "
        "AND c.relnamespace = ANY(%(ns)s::oid[]) AND c.relkind = 'r' "
        "AND (%(rels)s::oid[] IS NULL OR c.oid = ANY(%(rels)s::oid[]))",
        p,
    ):
        table = tables[relid]
        if subid == 0:
            table.comment = text
        else:
            column = next(c for n, c in enumerate(table.columns, 1) if n == subid)
            table.column_comments.append((column.name, text))
    for (
        ns,
        name,
        type_,
        start,
        increment,
        minimum,
        maximum,
        cache,
        cycle,
        last_value,
        owner_table,
        owner_column,
        deptype,
    ) in _rows(
        cursor,
        "SELECT c.relnamespace, c.relname, format_type(s.seqtypid, NULL), s.seqstart, "
        "s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, "
        "pg_sequence_last_value(c.oid), t.relname, a.attname, d.deptype "
        "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid "
        "LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid "
        "AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a','i') "
        "LEFT JOIN pg_class t ON t.oid = d.refobjid "
        "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
        "WHERE c.relnamespace = ANY(%(ns)s::oid[]) "
        "AND (%(rels)s::oid[] IS NULL OR t.oid = ANY(%(rels)s::oid[])) ORDER BY c.relname",
        p,
    ):
        catalogs[namespaces[ns]].sequences.append(
            Sequence(
                name=name,
                type=type_,
                start=start,
                increment=increment,
                minimum=minimum,
                maximum=maximum,
                cache=cache,
                cycle=cycle,
                last_value=last_value,
                owned_by=(owner_table, owner_column) if owner_table else None,
                identity=deptype == "i",
            )
        )
    for catalog in catalogs.values():
        catalog.tables.sort(key=lambda t: t.name)
    if with_row_flags:
        for catalog in catalogs.values():
            _flag_rows(cursor, catalog.tables)
    return catalogs


def _qualification(schemas: Iterable[str]) -> re.Pattern[str]:
    """`schema.` in front of a name, for each of `schemas`, plain or quoted."""
    names = sorted(
        {re.escape(n) for s in schemas for n in (s, connection.ops.quote_name(s))},
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<![\w$\"])(?:" + "|".join(names) + r")\.")


def _flag_rows(cursor: CursorWrapper, tables: list[Table]) -> None:
    # (in the schema the search_path names: the names are unqualified)
    if not tables:
        return
    cursor.execute(
        " UNION ALL ".join(
            f"SELECT {n}, EXISTS (SELECT 1 FROM {connection.ops.quote_name(t.name)})"  # noqa: S608
            for n, t in enumerate(tables)
        )
    )
    for n, has_rows in cursor.fetchall():
        tables[n].has_rows = has_rows


def _not_null_names(cursor: CursorWrapper, p: dict[str, Any]) -> dict[tuple[int, int], str]:
    """PostgreSQL 18 keeps NOT NULL as named constraints; earlier versions have no names."""
    cursor.execute("SHOW server_version_num")
    if int(cursor.fetchone()[0]) < 180000:
        return {}
    return {
        (relid, attnum): name
        for relid, attnum, name in _rows(
            cursor,
            "SELECT conrelid, conkey[1], conname FROM pg_constraint "
            "WHERE connamespace = ANY(%(ns)s::oid[]) AND contype = 'n' "
            "AND (%(rels)s::oid[] IS NULL OR conrelid = ANY(%(rels)s::oid[]))",
            p,
        )
    }


def creation_order(catalog: SchemaCatalog) -> list[Table]:
    """The tables in an order where each comes after the tables its foreign keys reference
    (by name, for a stable order); tables in a circle of references come in name order."""
    by_name = {t.name: t for t in catalog.tables}
    placed: set[str] = set()
    order: list[Table] = []
    pending = list(catalog.tables)
    while pending:
        ready = [
            t
            for t in pending
            if all(r is None or r == t.name or r in placed for r in t.references.values())
        ] or pending[:1]  # (a circle: take the first, its remaining keys are added later)
        for table in ready:
            placed.add(table.name)
            order.append(table)
        pending = [t for t in pending if t.name not in placed]
    assert len(order) == len(by_name)
    return order


def schema_statements(catalog: SchemaCatalog) -> tuple[list[str], list[str]]:
    """(before the rows, after the rows): the DDL that rebuilds `catalog` in the schema the
    search_path names. The tables come in `creation_order()`, each with its keys, checks and
    the foreign keys to tables made before it written into its CREATE TABLE (unless it gets
    rows): a key made there costs no ALTER TABLE, and a foreign key made there no check of
    existing rows (there are none). The caller copies the rows next; then indexes, the remaining foreign
    keys, triggers and sequence values follow."""
    q = connection.ops.quote_name
    before: list[str] = []
    after: list[str] = []
    for _signature, definition in catalog.functions:
        before.append(_unqualify(definition, catalog.schema))
    identity = {s.owned_by: s for s in catalog.sequences if s.identity and s.owned_by}
    for seq in catalog.sequences:
        if not seq.identity:
            before.append(f"CREATE SEQUENCE {q(seq.name)} {_sequence_options(seq)}")
    created: set[str] = set()
    later_keys: list[tuple[Table, list[str]]] = []
    for table in creation_order(catalog):
        columns = []
        for c in table.columns:
            parts = [q(c.name), c.type]
            if c.collation:
                parts.append(f"COLLATE {q(c.collation)}")
            if c.generated:
                parts.append(f"GENERATED ALWAYS AS ({c.default}) STORED")
            elif c.identity:
                seq = identity[(table.name, c.name)]
                kind = "ALWAYS" if c.identity == "a" else "BY DEFAULT"
                parts.append(
                    f"GENERATED {kind} AS IDENTITY (SEQUENCE NAME {q(seq.name)} "
                    f"{_sequence_options(seq, with_type=False)})"
                )
            elif c.default is not None:
                parts.append(f"DEFAULT {c.default}")
            if c.not_null is not None:
                parts.append(f"CONSTRAINT {q(c.not_null)} NOT NULL" if c.not_null else "NOT NULL")
            columns.append(" ".join(parts))
        later: list[str] = []
        for name, contype, definition in table.constraints:
            target = table.references.get(name, "") if contype == "f" else ""
            # (A table that gets rows keeps its foreign keys for later: their checks of the
            # copied rows would wait as trigger events, which CREATE INDEX refuses.)
            inline = not table.has_rows and (target == table.name or target in created)
            if contype != "f" or inline:
                columns.append(f"CONSTRAINT {q(name)} {definition}")
            else:
                later.append(f"ADD CONSTRAINT {q(name)} {definition}")
        if later:
            later_keys.append((table, later))
        options = f" WITH ({', '.join(table.options)})" if table.options else ""
        unlogged = "UNLOGGED " if table.persistence == "u" else ""
        before.append(f"CREATE {unlogged}TABLE {q(table.name)} ({', '.join(columns)}){options}")
        created.add(table.name)
        after.extend(definition for _name, definition in table.indexes)
    for table, keys in later_keys:
        after.append(f"ALTER TABLE {q(table.name)} {', '.join(keys)}")
    for seq in catalog.sequences:
        if seq.owned_by and not seq.identity:
            table_name, column = seq.owned_by
            after.append(f"ALTER SEQUENCE {q(seq.name)} OWNED BY {q(table_name)}.{q(column)}")
        # The value as the source has it at the copy, not as it was when the catalog was
        # read: a rolled-back insert there moves a sequence and changes nothing else.
        after.append(
            f"SELECT setval('{q(seq.name)}', s.last_value, true) "  # noqa: S608
            f"FROM {q(catalog.schema)}.{q(seq.name)} s WHERE s.is_called"
        )
    for table in catalog.tables:
        after.extend(definition for _name, definition in table.triggers)
        if table.comment is not None:
            after.append(f"COMMENT ON TABLE {q(table.name)} IS {_literal(table.comment)}")
        for column_name, text in table.column_comments:
            after.append(f"COMMENT ON COLUMN {q(table.name)}.{q(column_name)} IS {_literal(text)}")
    return before, after


def _sequence_options(seq: Sequence, *, with_type: bool = True) -> str:
    # (an identity column's sequence takes the column's type)
    return (
        (f"AS {seq.type} " if with_type else "")
        + f"INCREMENT BY {seq.increment} MINVALUE {seq.minimum} "
        f"MAXVALUE {seq.maximum} START WITH {seq.start} CACHE {seq.cache}"
        + (" CYCLE" if seq.cycle else " NO CYCLE")
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
