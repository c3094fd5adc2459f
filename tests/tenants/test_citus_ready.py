"""The code stays ready for Citus schema-based sharding (ops/citus.md): every town schema can
live on any worker node, alone, without the application knowing.

That holds while a town schema refers to nothing outside itself but extensions and
PostgreSQL's own catalog (no foreign key into public, no sequence, table or default shared
with another schema) and while no query names two towns' schemas, except the operator-wide
reads named below. A new query that qualifies a schema name fails here until it is added to
CROSS_SCHEMA_SQL with its reason (and checked against ops/citus.md).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.db import connection

from tenants.models import Town
from tenants.postgresql_backend.base import forget_server_search_path

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = "lq_template"

# (file, function) -> why SQL there names a schema itself. Only these may.
CROSS_SCHEMA_SQL = {
    ("platform/portal/accounts/selectors.py", "dangerously_count_users_across_schemas"): (
        "operator-wide read: people per town for the operator site, one UNION ALL over the "
        "towns' schemas (on Citus the coordinator gathers it from the nodes; no join)"
    ),
    ("tenants/template_copy.py", "template_fingerprint"): (
        "reads the template's own migration records (the template is not a town)"
    ),
    ("tenants/template_copy.py", "copy_template"): (
        "provisioning: the template's seed rows copied into the new town (INSERT … SELECT "
        "from the template into one town, never from one town into another)"
    ),
    ("tenants/catalog.py", "schema_statements"): (
        "provisioning: each sequence of the new town set from the template's (setval … FROM "
        "the template's sequence; template into one town)"
    ),
    ("tenants/spare_schemas.py", "spare_tag"): (
        "reads the template's seed rows for the spare schemas' tag (the template only)"
    ),
    ("tenants/migration_state.py", "_missing"): (
        "deploy check: each town's own django_migrations read on its own (one statement per "
        "schema, or one UNION ALL branch each), never joined with another town's"
    ),
    ("tenants/migration_state.py", "_recorded"): (
        "deploy check: one town's own django_migrations (squashed migrations)"
    ),
    ("tenants/migration_replay.py", "replay_script"): (
        "deploy: a migration's statements and records written into one town's own tables"
    ),
    ("platform/portal/continuity/export.py", "_write_rows"): (
        "town export: one town's own migration records read for its archive"
    ),
    ("platform/portal/continuity/tables.py", "copy_out_sql"): (
        "town export: COPY of one town's own table (no other schema in the statement)"
    ),
    ("platform/portal/continuity/importing.py", "_migration_records"): (
        "town import: the new town's own migration records (one schema per statement)"
    ),
    ("platform/portal/continuity/importing.py", "_switch_triggers"): (
        "town import: the new town's own ledger triggers switched off and on for its load"
    ),
    ("platform/portal/continuity/content_types.py", "content_type_ids"): (
        "town import: one schema's content types read (the template's, then the new town's, "
        "never joined)"
    ),
}

# SQL that names a schema: `FROM {x}.table`, `INTO "%s".t`, `JOIN {q}.{q(t)}` and the like.
_QUALIFIED = re.compile(
    r"""\b(FROM|JOIN|INTO|UPDATE|TABLE|ONLY)\s+"?(\{[^}]+\}|%s|%\(\w+\)s)"?\.(?=[\w"{])""",
    re.IGNORECASE,
)


def _town_schemas(towns: dict[str, Town]) -> list[str]:
    return [TEMPLATE, *(str(t.schema_name) for t in towns.values())]


def foreign_keys(schema: str) -> list[tuple[str, str]]:
    """(constraint, schema of the referenced table) of every foreign key of `schema`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT con.conname, ref.relnamespace::regnamespace::text "
            "FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid "
            "JOIN pg_class ref ON ref.oid = con.confrelid "
            "WHERE con.contype = 'f' AND rel.relnamespace = %s::regnamespace",
            [schema],
        )
        return list(cursor.fetchall())


# Every object of a schema: relations (a sequence owned by a column), column defaults
# (nextval of a sequence), constraints, triggers, views' rules, functions.
_OWNED_OBJECTS = """
    SELECT 'pg_class'::regclass AS classid, c.oid AS objid FROM pg_class c
        WHERE c.relnamespace = %(ns)s::regnamespace
    UNION ALL SELECT 'pg_attrdef'::regclass, d.oid FROM pg_attrdef d
        JOIN pg_class c ON c.oid = d.adrelid WHERE c.relnamespace = %(ns)s::regnamespace
    UNION ALL SELECT 'pg_constraint'::regclass, con.oid FROM pg_constraint con
        WHERE con.connamespace = %(ns)s::regnamespace
    UNION ALL SELECT 'pg_trigger'::regclass, t.oid FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = %(ns)s::regnamespace
    UNION ALL SELECT 'pg_rewrite'::regclass, r.oid FROM pg_rewrite r
        JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = %(ns)s::regnamespace
    UNION ALL SELECT 'pg_proc'::regclass, p.oid FROM pg_proc p
        WHERE p.pronamespace = %(ns)s::regnamespace
"""


def dependencies(schema: str) -> list[tuple[str, str, str, bool]]:
    """(pg_class or pg_proc, schema, name, is an extension's) of every relation and function
    the objects of `schema` depend on."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH owned AS ({_OWNED_OBJECTS}) "  # noqa: S608
            "SELECT d.refclassid::regclass::text, "
            "  coalesce(ref.relnamespace, p.pronamespace)::regnamespace::text, "
            "  coalesce(ref.relname, p.proname), "
            "  EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = d.refclassid "
            "    AND e.objid = d.refobjid AND e.deptype = 'e') "
            "FROM owned o JOIN pg_depend d ON d.classid = o.classid AND d.objid = o.objid "
            "LEFT JOIN pg_class ref ON d.refclassid = 'pg_class'::regclass "
            "  AND ref.oid = d.refobjid "
            "LEFT JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid "
            "WHERE d.refclassid IN ('pg_class'::regclass, 'pg_proc'::regclass)",
            {"ns": schema},
        )
        return list(cursor.fetchall())


def foreign_dependencies(schema: str) -> list[tuple[str, str, str, bool]]:
    """Dependencies outside the schema, but PostgreSQL's own and extensions' functions
    (Citus installs an extension on every node)."""
    return [
        row
        for row in dependencies(schema)
        if row[1] not in (schema, "pg_catalog") and not (row[0] == "pg_proc" and row[3])
    ]


def sequence_owners(schema: str) -> list[tuple[str, str]]:
    """(sequence, schema of the table that owns it) of every sequence in `schema`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.relname, t.relnamespace::regnamespace::text "
            "FROM pg_class s JOIN pg_depend d ON d.objid = s.oid "
            "  AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
            "JOIN pg_class t ON t.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass "
            "WHERE s.relkind = 'S' AND s.relnamespace = %s::regnamespace",
            [schema],
        )
        return list(cursor.fetchall())


def defaults_naming_other_schemas(schema: str) -> list[tuple[str, str, str]]:
    """(table, column, default) where a column default names another schema than its own.

    The defaults are printed with only pg_catalog on the search_path, so that every other
    name comes out qualified by its schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('search_path'), array_agg(nspname) FROM pg_namespace"
        )
        saved, schemas = cursor.fetchone()
        cursor.execute("SELECT set_config('search_path', 'pg_catalog', false)")
        try:
            cursor.execute(
                "SELECT c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid) "
                "FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid "
                "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                "WHERE c.relnamespace = %s::regnamespace",
                [schema],
            )
            rows = cursor.fetchall()
        finally:
            cursor.execute("SELECT set_config('search_path', %s, false)", [saved])
            forget_server_search_path(connection)
    assert rows, f"{schema} has no column defaults at all"
    others = set(schemas) - {schema, "pg_catalog"}
    return [r for r in rows if others & set(re.findall(r"\b(\w+)\.\w", r[2]))]


def test_no_foreign_key_leaves_a_town_schema(towns: dict[str, Town]) -> None:
    for schema in _town_schemas(towns):
        # given the template or a town / when its foreign keys are read
        keys = foreign_keys(schema)
        # then there are many, and every one points into its own schema
        assert len(keys) > 50, schema
        assert [k for k in keys if k[1] != schema] == [], schema


def test_a_town_schema_depends_on_no_other_schemas_relation(towns: dict[str, Town]) -> None:
    for schema in _town_schemas(towns):
        # given the template or a town / when what its objects depend on is read
        found = dependencies(schema)
        # then the tables and sequences are its own; functions outside it are PostgreSQL's
        # or an extension's
        assert len([row for row in found if row[0] == "pg_class"]) > 80, schema
        assert foreign_dependencies(schema) == [], schema


def test_every_sequence_a_town_uses_is_its_own(towns: dict[str, Town]) -> None:
    for schema in _town_schemas(towns):
        # given the template or a town / when its sequences and column defaults are read
        owners = sequence_owners(schema)
        # then each sequence belongs to a table of the schema, and no default names a schema
        assert len(owners) > 80, schema
        assert [o for o in owners if o[1] != schema] == [], schema
        assert defaults_naming_other_schemas(schema) == [], schema


def test_the_checks_see_what_ties_a_schema_to_another(towns: dict[str, Town]) -> None:
    # given a scratch schema whose table has a foreign key into public and a default drawing
    # on a sequence in public (PostgreSQL itself refuses a sequence owned by a table of
    # another schema), rolled back after the test
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE SCHEMA scratch_citus; "
            "CREATE SEQUENCE public.scratch_citus_seq; "
            "CREATE TABLE scratch_citus.t (id bigint PRIMARY KEY "
            "  DEFAULT nextval('public.scratch_citus_seq'), n bigserial, "
            "  town_id bigint REFERENCES public.tenants_town (id))"
        )
    # when the checks read it / then each finds its tie
    assert ("t_town_id_fkey", "public") in foreign_keys("scratch_citus")
    assert {row[2] for row in foreign_dependencies("scratch_citus")} >= {
        "scratch_citus_seq",
        "tenants_town",
    }
    assert sequence_owners("scratch_citus") == [("t_n_seq", "scratch_citus")]
    assert [r[1] for r in defaults_naming_other_schemas("scratch_citus")] == ["id"]


def _qualifying_sql() -> set[tuple[str, str]]:
    found = set()
    for top in ("tenants", "platform", "modules", "billing"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # they run in one schema at a time, with its search_path
            text = path.read_text()
            if not _QUALIFIED.search(text):
                continue
            tree = ast.parse(text)
            functions = [
                node
                for node in ast.walk(tree)
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            ]
            for number, line in enumerate(text.splitlines(), start=1):
                if not _QUALIFIED.search(line):
                    continue
                inside = [
                    f.name for f in functions if f.lineno <= number <= (f.end_lineno or number)
                ]
                found.add((str(path.relative_to(ROOT)), inside[-1] if inside else "<module>"))
    return found


def test_only_the_named_reads_qualify_schema_names() -> None:
    # given the application's source / when SQL that names a schema is looked for
    found = _qualifying_sql()
    # then it is exactly the named places (a new one, or one gone, is a decision to write down)
    assert found - CROSS_SCHEMA_SQL.keys() == set(), (
        "SQL that names a schema outside CROSS_SCHEMA_SQL: on Citus each town schema may sit "
        "on another node (ops/citus.md); add it with its reason only if it never joins towns"
    )
    assert CROSS_SCHEMA_SQL.keys() - found == set(), "stale entries in CROSS_SCHEMA_SQL"


def test_the_scan_sees_qualified_sql() -> None:
    # given lines of the shapes the scan must catch, and ones it must not
    caught = [
        'f"SELECT * FROM {quoted}.accounts_user"',
        'f"INSERT INTO {target}.{q(table)} (a)"',
        '\'SELECT 1 FROM "%s".shop_order JOIN "%s".shop_offer\'',
        'f"UPDATE {schema}.fund_round SET x = 1"',
    ]
    missed = [
        'f"{slug}.{settings.LQ_BASE_DOMAIN}"',
        'f"{name}.{clip.file_format}"',
        '"%(weeks)s weeks from %(first)s. Total: %(total)s."',
    ]
    # then the first are found and the second not
    assert all(_QUALIFIED.search(line) for line in caught)
    assert not any(_QUALIFIED.search(line) for line in missed)
