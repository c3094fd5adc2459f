"""TENANT_LIMIT_SET_CALLS is on: django-tenants sends `SET search_path` once per schema
change instead of before every query. ARCHITECTURE.md allows that only with a test that the
schema cannot leak; these are those tests. Each asks PostgreSQL itself which schema it is in.

The dangers: PostgreSQL reverts a session-level SET when the transaction (or savepoint) that
issued it is rolled back, and a new connection starts with the default search_path. In each
case the connection's memory of "already set" must be forgotten.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from portal.branding.models import Branding


def _server_search_path() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schemas(false)")
        return ",".join(cursor.fetchone()[0])


def _branding_name() -> str:
    return Branding.objects.get(singleton=True).display_name


def test_the_setting_is_on() -> None:
    assert settings.TENANT_LIMIT_SET_CALLS is True


def test_one_set_per_request_and_each_town_sees_its_own(client_a, client_b) -> None:
    for client, name in ((client_a, "Alpha"), (client_b, "Beta"), (client_a, "Alpha")):
        cache.clear()  # the page must query (a warm home page may run none)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert name in response.text
        sets = [
            q["sql"] for q in queries.captured_queries if q["sql"].startswith("SET search_path")
        ]
        # the town's path once (plus public once when the host was not in the routing cache)
        assert sum('"town_' in sql for sql in sets) == 1, sets
        assert len(sets) <= 2, sets
        assert len(queries.captured_queries) > 2  # the page did query after the one SET


def test_switching_towns_in_one_request_sets_the_path_again(db, town_a, town_b) -> None:
    with tenant_context(town_a):
        assert _branding_name() == "Alpha"
        with tenant_context(town_b):
            assert _branding_name() == "Beta"
            assert _server_search_path().startswith("town_beta")
        assert _branding_name() == "Alpha"
        assert _server_search_path().startswith("town_alpha")


def test_savepoint_rollback_does_not_leave_a_stale_path(db, town_a, town_b) -> None:
    # given a connection last set to A, outside any savepoint
    with tenant_context(town_a):
        assert _branding_name() == "Alpha"
    with tenant_context(town_b):
        # when B's SET happens inside a savepoint that is rolled back (PostgreSQL reverts it)
        with pytest.raises(RuntimeError), transaction.atomic():
            assert _branding_name() == "Beta"
            raise RuntimeError
        # then the next query of B still runs in B, not in the reverted path
        assert _server_search_path().startswith("town_beta")
        assert _branding_name() == "Beta"


@pytest.mark.django_db(transaction=True)
def test_transaction_rollback_does_not_leave_a_stale_path(towns) -> None:
    with tenant_context(towns["alpha"]):
        assert _branding_name() == "Alpha"
    with tenant_context(towns["beta"]):
        with pytest.raises(RuntimeError), transaction.atomic():
            assert _branding_name() == "Beta"
            raise RuntimeError
        assert _server_search_path().startswith("town_beta")
        assert _branding_name() == "Beta"


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_sets_the_path_again(towns) -> None:
    with tenant_context(towns["beta"]):
        assert _branding_name() == "Beta"
        connection.close()  # as at the end of CONN_MAX_AGE, or after a network error
        assert _server_search_path().startswith("town_beta")
        assert _branding_name() == "Beta"


@pytest.mark.django_db(transaction=True)
def test_a_failed_statement_in_autocommit_keeps_the_path(towns) -> None:
    with tenant_context(towns["alpha"]):
        assert _branding_name() == "Alpha"
        with pytest.raises(Exception), connection.cursor() as cursor:  # noqa: B017
            cursor.execute("SELECT * FROM no_such_table")
        assert _server_search_path().startswith("town_alpha")
        assert _branding_name() == "Alpha"


def test_a_repeated_request_to_the_same_town_sends_no_set(client_a, client_b) -> None:
    client_a.get("/")  # fills the routing cache and sets A's path on the connection
    with CaptureQueriesContext(connection) as queries:
        response = client_a.get("/")
    assert "Alpha" in response.text
    assert not [q for q in queries.captured_queries if q["sql"].startswith("SET search_path")]
    # and the next town still gets its own path
    with CaptureQueriesContext(connection) as queries:
        assert "Beta" in client_b.get("/").text
    sets = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SET search_path")]
    assert any('"town_beta"' in sql for sql in sets), sets


@pytest.mark.django_db(transaction=True)
def test_a_path_set_in_a_rolled_back_transaction_is_not_trusted_later(towns) -> None:
    # given the server on A's path
    with tenant_context(towns["alpha"]):
        assert _branding_name() == "Alpha"
    # when B's path is set inside a transaction that is rolled back (the server reverts to A)
    with pytest.raises(RuntimeError), transaction.atomic():
        with tenant_context(towns["beta"]):
            assert _branding_name() == "Beta"
        raise RuntimeError
    # then asking for B again really sets B, instead of trusting the reverted SET
    with tenant_context(towns["beta"]):
        assert _server_search_path().startswith("town_beta")
        assert _branding_name() == "Beta"
