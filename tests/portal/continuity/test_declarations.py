"""Every model of a town's apps is in the town archive or left out with a reason: a new
model fails here until its app declares it (TownExport), so no move loses it silently."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.test.utils import isolate_apps

from portal.continuity.declarations import (
    all_exports,
    excluded_tables,
    exported_tables,
    undeclared_models,
)
from tenants.models import Town


def _town_models() -> list[type[models.Model]]:
    found: list[type[models.Model]] = []
    for app_name in settings.TENANT_APPS:
        config = next(c for c in apps.get_app_configs() if c.name == app_name)
        found.extend(config.get_models())
    return found


def test_every_model_of_the_town_apps_is_declared() -> None:
    # given every model of TENANT_APPS
    town_models = _town_models()
    # then each is exported or excluded, and no declaration names a model that is not there
    assert undeclared_models(town_models) == [], "declare it in the app's TownExport"
    labels = {model._meta.label for model in town_models}
    for declaration in all_exports():
        for name in (*declaration.models, *declaration.excluded):
            assert f"{declaration.app}.{name}" in labels
    assert len(town_models) > 60  # the walk really found the apps' models


@isolate_apps("billing.ledger")
def test_a_new_model_without_a_declaration_is_found() -> None:
    # given a model the ledger has not declared
    class Voucher(models.Model):  # noqa: DJ008
        code = models.CharField(max_length=10)

        class Meta:
            app_label = "ledger"

    # then the check names it
    assert undeclared_models([Voucher]) == ["ledger.Voucher"]


def test_every_exclusion_gives_a_reason() -> None:
    for declaration in all_exports():
        for model, reason in declaration.excluded.items():
            assert len(reason.split()) >= 4, f"{declaration.app}.{model} needs a real reason"
        assert not set(declaration.models) & set(declaration.excluded)


@pytest.mark.django_db
def test_every_table_of_a_town_schema_is_exported_or_excluded(towns: dict[str, Town]) -> None:
    # given the tables of the template schema, which every town copies
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind = 'r'",
            [settings.TENANT_BASE_SCHEMA],
        )
        tables = {name for (name,) in cursor.fetchall()}
    # then the archive holds each, or it is deliberately left out (the migration records
    # are the deployment's own; the import compares them)
    covered = set(exported_tables()) | set(excluded_tables()) | {"django_migrations"}
    assert tables - covered == set()
    assert set(exported_tables()) - tables == set()
    assert {"ledger_entry", "accounts_user_groups", "django_content_type"} <= tables
