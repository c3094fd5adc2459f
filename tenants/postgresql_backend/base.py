"""django-tenants' backend that skips a `SET search_path` the server session already has.

With TENANT_LIMIT_SET_CALLS, django-tenants sends one SET per schema change: every request
calls set_tenant(), so every request pays a round trip even when the persistent connection
already sits in that town's schema (about 4 % of a small page in ops/bench/routing.py).

This subclass remembers the search_path the *server* has, separately from the town the
connection is asked to use, and forgets it whenever the server may have lost it: on connect,
close, rollback and savepoint rollback (PostgreSQL reverts a SET issued in a transaction or
savepoint that is rolled back). tests/tenants/test_search_path_leaks.py proves the rules.

It also counts the town schemas (not public) a connection has served: a PostgreSQL backend keeps the
catalog entries of every relation it has opened until it ends (~0.3 MB per town here), so a
persistent connection that has served every town grows towards gigabytes. With
LQ_DB_CONN_MAX_TOWNS > 0 the connection is closed at the end of the request (or task) that
took it past that many towns, as Django closes one past CONN_MAX_AGE; ops/bench/spread.py
measures both sides of the trade.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tenants.postgresql_backend import base as tenants_base
from django_tenants.utils import get_limit_set_calls, get_public_schema_name


class DatabaseWrapper(tenants_base.DatabaseWrapper):
    # Set by django-tenants' wrapper (untyped); declared here for the type checker.
    search_path_set_schemas: list[str] | None
    _setting_search_path: bool
    schema_name: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.server_search_path: list[str] | None = None
        self.schemas_served: set[str] = set()
        super().__init__(*args, **kwargs)

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        self.server_search_path = None
        self.schemas_served = set()
        return super().get_new_connection(conn_params)

    def close(self) -> None:
        self.server_search_path = None
        super().close()

    def close_if_unusable_or_obsolete(self) -> None:
        # Called by Django at the start and end of every request (and by Celery per task).
        limit: int = getattr(settings, "LQ_DB_CONN_MAX_TOWNS", 0)
        if (
            limit > 0
            and self.connection is not None
            and len(self.schemas_served) > limit
            and not self.in_atomic_block
        ):
            self.close()
            return
        super().close_if_unusable_or_obsolete()

    def rollback(self) -> None:
        self.server_search_path = None
        super().rollback()

    def savepoint_rollback(self, sid: str) -> None:
        try:
            super().savepoint_rollback(sid)
        finally:
            self.server_search_path = None

    def _handle_search_path(self, cursor: Any = None) -> None:
        if self.schema_name and self.schema_name != get_public_schema_name():
            # (public, where every request's routing looks, is not a town)
            self.schemas_served.add(self.schema_name)
        if (
            get_limit_set_calls()
            and not self._setting_search_path
            and not self.search_path_set_schemas
            and self.schema_name
            and self.connection is not None
            and self.server_search_path is not None
            and self.server_search_path == self._get_cursor_search_paths()
        ):
            # The server already has exactly this path: note it as set, send nothing.
            self.search_path_set_schemas = self.server_search_path
            return
        super()._handle_search_path(cursor)
        self.server_search_path = self.search_path_set_schemas


def forget_server_search_path(connection: Any) -> None:
    """After a raw `SET [LOCAL] search_path` (tenants' schema copy and catalog reads): the
    next query sets the town's path again instead of trusting what the server had."""
    connection.search_path_set_schemas = None
    if hasattr(connection, "server_search_path"):
        connection.server_search_path = None
