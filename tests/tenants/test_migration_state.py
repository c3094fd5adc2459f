"""The deploy's "anything to migrate?" check: the code's migrations against every schema's
records, in one query per batch of schemas (tenants.migration_state)."""

from __future__ import annotations

import pytest
from django.db import connection

from tenants.migration_state import code_migrations, pending_migrations
from tenants.models import Town

pytestmark = pytest.mark.django_db

TEMPLATE = "lq_template"


def test_nothing_is_pending_when_every_migration_is_recorded(town_a: Town, town_b: Town) -> None:
    # given the template and two towns, migrated / when checked
    state = pending_migrations([TEMPLATE, town_a.schema_name, town_b.schema_name])
    # then none lacks anything, and every code migration was looked for
    assert state.up_to_date and state.checked == 3
    assert ("notifications", "0002_notification_target") in code_migrations()
    # and the default (every tenant row but public) sees the same
    assert town_a.schema_name not in pending_migrations().pending


def test_a_schema_missing_a_record_is_named_with_the_migration(town_a: Town, town_b: Town) -> None:
    # given town A without the record of one migration
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{town_a.schema_name}".django_migrations '  # noqa: S608
            "WHERE app = 'notifications' AND name = '0002_notification_target'"
        )
    # when checked, in batches of one schema and of many
    for batch_size in (1, 500):
        state = pending_migrations(
            [TEMPLATE, town_a.schema_name, town_b.schema_name], batch_size=batch_size
        )
        # then town A alone lacks exactly that migration
        assert state.pending == {town_a.schema_name: ("notifications.0002_notification_target",)}
        assert not state.up_to_date


def test_a_town_without_a_schema_is_reported_apart(towns: object) -> None:
    # when a tenant row's schema does not exist
    state = pending_migrations([TEMPLATE, "town_nowhere"])
    # then it is reported as such, not as pending migrations
    assert state.without_schema == ("town_nowhere",)
    assert state.pending == {} and not state.up_to_date
