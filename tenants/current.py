"""The schema and town the database connection is set to (django-tenants keeps them on it)."""

from __future__ import annotations

from django.db import connection

from .models import Town


def current_schema() -> str:
    return str(getattr(connection, "schema_name", "public"))


def current_town() -> Town | None:
    """The town of the current schema, or None in the public schema or the template."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Town) and tenant.is_town:
        return tenant
    return None


def set_public_schema() -> None:
    """Back to the public schema (used where django-tenants itself leaves a town's schema)."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]
