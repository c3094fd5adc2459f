"""The schema and town the database connection is set to (django-tenants keeps them on it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.urls import get_urlconf, set_urlconf
from django_tenants.utils import tenant_context

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


@contextmanager
def town_urlconf() -> Iterator[None]:
    """Reverse URLs against the towns' URLconf (for links in e-mails), even inside an
    operator-site request, whose URLconf has no town pages."""
    previous = get_urlconf()
    set_urlconf(settings.ROOT_URLCONF)
    try:
        yield
    finally:
        set_urlconf(previous)


@contextmanager
def inside_town(town: Town) -> Iterator[None]:
    """Run the block in `town`'s schema and URLconf, then return to the previous ones: for
    the operator host's requests that act in a town they name (a bounce report's
    Message-ID, a Stripe webhook), so that links to the town's pages can be reversed."""
    with tenant_context(town), town_urlconf():
        yield


@contextmanager
def public_cache_keys() -> Iterator[None]:
    """Cache keys made inside are the public schema's, wherever the connection is.

    The cache's keys carry the current schema (django_tenants.cache.make_key), so that
    towns never read each other's entries. An entry that one place writes and another reads
    across schemas (an archive job's progress: written by the task from inside the town it
    imports, read on the operator site and in a town's console) is kept under the public
    schema's keys. Only the schema's name is switched, no query is made; the connection's
    town is put back after."""
    previous = getattr(connection, "tenant", None)
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if previous is not None:
            connection.set_tenant(previous)  # type: ignore[attr-defined]
