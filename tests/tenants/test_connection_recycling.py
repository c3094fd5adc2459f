"""A database connection is closed after it served more than LQ_DB_CONN_MAX_TOWNS schemas
(tenants.postgresql_backend): a PostgreSQL backend keeps the catalog entries of every town
it has served, and ops/bench/spread.py measures what that costs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.db.utils import load_backend

from tenants.models import Town

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_connection(db: None) -> Iterator[Any]:
    """A connection of its own, kept forever by age (CONN_MAX_AGE None), outside the test's
    transaction, so that only the town count can close it."""
    settings_dict = {**connections.settings["default"], "CONN_MAX_AGE": None}
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    try:
        yield wrapper
    finally:
        wrapper.close()


def serve(wrapper: Any, town: Town) -> None:
    wrapper.set_tenant(town)
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accounts_user")
    wrapper.close_if_unusable_or_obsolete()  # what Django runs when a request ends


def test_a_connection_is_closed_after_more_towns_than_allowed(
    settings: Any, own_connection: Any, town_a: Town, town_b: Town
) -> None:
    # given at most one town per connection
    settings.LQ_DB_CONN_MAX_TOWNS = 1
    # when it serves the public schema (where routing looks), town A, A again, then B
    own_connection.set_schema_to_public()
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tenants_domain")
    own_connection.close_if_unusable_or_obsolete()
    serve(own_connection, town_a)
    serve(own_connection, town_a)
    assert own_connection.connection is not None
    kept_pid = own_connection.connection.info.backend_pid
    serve(own_connection, town_b)
    # then it was kept while it had served one town (public is none) and closed after two
    assert own_connection.connection is None
    # and the next query opens a new backend that counts from nothing
    serve(own_connection, town_b)
    assert own_connection.connection.info.backend_pid != kept_pid
    assert own_connection.schemas_served == {town_b.schema_name}


def test_without_a_limit_the_connection_stays(
    settings: Any, own_connection: Any, town_a: Town, town_b: Town
) -> None:
    # given no limit (the default outside production)
    settings.LQ_DB_CONN_MAX_TOWNS = 0
    # when the connection serves both towns
    serve(own_connection, town_a)
    pid = own_connection.connection.info.backend_pid
    serve(own_connection, town_b)
    # then it is the same backend, which has served both
    assert own_connection.connection.info.backend_pid == pid
    assert {town_a.schema_name, town_b.schema_name} <= own_connection.schemas_served
