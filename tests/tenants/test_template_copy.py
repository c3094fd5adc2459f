"""A new town's schema is the template's, object for object: the copy replays the template's
catalog (tenants.template_copy), and these tests compare the two catalogs whole."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_exists

from portal.operators.services import provision_town
from tenants import catalog, template_copy
from tenants.models import Town

pytestmark = pytest.mark.django_db

TEMPLATE = "lq_template"


def rows(schema: str, table: str, order: str = "id") -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{schema}"."{table}" ORDER BY {order}')  # noqa: S608
        return list(cursor.fetchall())


def copy_into(schema: str) -> None:
    with transaction.atomic():
        template_copy.copy_template(TEMPLATE, schema)


def test_a_copy_has_the_templates_whole_catalog(towns) -> None:
    # given the migrated template / when its copy is made
    copy_into("scratch_whole")
    # then tables, columns, types, defaults, identity and generated columns, constraints,
    # indexes, triggers, functions, comments and sequences with their values are the same
    template = catalog.describe_schema(TEMPLATE)
    copy = catalog.describe_schema("scratch_whole")
    assert (found := catalog.differences(template, copy)) == [], "\n".join(found)
    assert copy.comparable() == template.comparable()
    assert len(template.tables) > 80 and any(t.triggers for t in template.tables)
    assert any(c.generated for t in template.tables for c in t.columns)
    assert any(s.last_value for s in template.sequences)  # the seeded tables' ids


def test_a_new_town_is_the_template_with_its_first_rows(towns) -> None:
    # when a town is provisioned
    town = provision_town(slug="kopie", name="Kopie", admin_email="chef@kopie.example")
    # then its structure is the template's (its first rows moved only sequence values)
    template = catalog.describe_schema(TEMPLATE).comparable()
    own = catalog.describe_schema(town.schema_name).comparable()
    assert own["tables"] == template["tables"] and own["functions"] == template["functions"]
    # and the template's rows came along with their ids (migration records, content types,
    # permissions pointing at them, seed rows)
    for table in ("django_migrations", "django_content_type", "auth_permission"):
        assert rows(town.schema_name, table) == rows(TEMPLATE, table)
    # and no foreign key of the town points into another schema
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid "
            "WHERE k.connamespace = %s::regnamespace AND r.relnamespace <> k.connamespace",
            [town.schema_name],
        )
        assert cursor.fetchone()[0] == 0


def test_the_copy_needs_no_public_objects_of_the_same_name(towns) -> None:
    # given a copy made while public has tables named like the town's (auth, content types)
    copy_into("scratch_copy")
    # then its foreign keys, sequences and triggers are its own
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_depend d JOIN pg_class c ON c.oid = d.refobjid "
            "JOIN pg_class o ON o.oid = d.objid "
            "WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
            "AND o.relnamespace = 'scratch_copy'::regnamespace "
            "AND c.relnamespace NOT IN ('scratch_copy'::regnamespace, 'pg_catalog'::regnamespace)"
        )
        assert cursor.fetchone()[0] == 0
    # and the session's path is the public one again afterwards
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schemas(false)")
        assert cursor.fetchone()[0] == ["public"]


def test_a_changed_template_is_read_again(towns) -> None:
    # given a copy made (the template's statements are kept in the process)
    copy_into("scratch_before")
    # when a deploy migrates the template: a new column and its migration record
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{TEMPLATE}".info_news ADD COLUMN teaser text')
        cursor.execute(
            f'INSERT INTO "{TEMPLATE}".django_migrations (app, name, applied) '  # noqa: S608
            "VALUES ('info', '9999_teaser', now())"
        )
    copy_into("scratch_after")
    # then the next town has the column, the one before does not
    columns = {
        schema: [
            c.name
            for t in catalog.describe_schema(schema).tables
            for c in t.columns
            if t.name == "info_news"
        ]
        for schema in ("scratch_before", "scratch_after")
    }
    assert "teaser" in columns["scratch_after"] and "teaser" not in columns["scratch_before"]
    assert (
        catalog.describe_schema("scratch_after").comparable()
        == catalog.describe_schema(TEMPLATE).comparable()
    )


def test_the_comparison_sees_a_difference(towns) -> None:
    # given a faithful copy / when one default in it differs
    copy_into("scratch_diff")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE scratch_diff.info_news ALTER COLUMN title SET DEFAULT 'x'")
    # then the catalogs differ
    assert (
        catalog.describe_schema("scratch_diff").comparable()
        != catalog.describe_schema(TEMPLATE).comparable()
    )


def test_a_template_with_an_object_the_copy_cannot_rebuild_is_refused(towns) -> None:
    # given a view in the template (no town app has one)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE VIEW "{TEMPLATE}".odd AS SELECT 1 AS one')
    # when a town is provisioned / then it is refused by name and nothing is left
    with pytest.raises(catalog.UnsupportedSchema, match="views"):
        provision_town(slug="ansicht", name="Ansicht", admin_email="a@ansicht.example")
    assert not Town.objects.filter(slug="ansicht").exists()
    assert not schema_exists("town_ansicht")
