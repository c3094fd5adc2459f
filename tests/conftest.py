"""Session-wide fixtures: a migrated template and two towns, created once (by cloning).

Town-scoped tests use `in_town_a` / `in_town_b` (which set the connection's schema for the
test body) and `client_a` / `client_b` (test clients on each town's host).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, schema_exists, tenant_context

from tenants.models import Module, Town
from tests.billing.stripe_server import stripe_fake, stripe_server  # noqa: F401 (fixtures)

TOWN_A = "alpha"
TOWN_B = "beta"


def host(slug: str) -> str:
    from django.conf import settings

    return f"{slug}.{settings.LQ_BASE_DOMAIN}"


TEST_TOWNS = (
    (TOWN_A, "Alpha", ["71263"], ["Nord", "Süd"]),
    (TOWN_B, "Beta", ["88999"], ["Ost"]),
)


def ensure_test_towns() -> dict[str, Town]:
    """Provision the two towns (by cloning the template) or, when a transactional test has
    flushed the public tables, put their rows back: their schemas survive a flush."""
    from django.conf import settings

    from portal.branding.legal_services import write_demo_pages
    from portal.operators.services import provision_town
    from tenants.models import Domain
    from tenants.services import ensure_public_and_template, schema_name_for
    from tenants.services import town_host as make_host

    ensure_public_and_template()
    made = {}
    for slug, name, postcodes, districts in TEST_TOWNS:
        town = Town.objects.filter(slug=slug).first()
        if town is None and schema_exists(schema_name_for(slug)):
            town = Town(
                schema_name=schema_name_for(slug),
                slug=slug,
                name=name,
                postcodes=postcodes,
                districts=districts,
                enabled_modules=list(Module.values),
                default_language="en",
            )
            town.save(verbosity=0)  # the schema exists, so nothing is created
            Domain.objects.get_or_create(domain=make_host(slug), defaults={"tenant": town})
        elif town is None:
            town = provision_town(
                slug=slug,
                name=name,
                admin_email=f"admin@{slug}.example",
                admin_name=f"Admin {name}",
                postcodes=postcodes,
                districts=districts,
                default_language="en",
            )
        made[slug] = town
        with tenant_context(town):
            # Registration needs a privacy statement; a new town starts without one.
            write_demo_pages(town_name=name, domain=f"{slug}.example")
    assert settings.LQ_BASE_DOMAIN
    connection.set_schema_to_public()
    return made


@pytest.fixture(scope="session")
def towns(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> dict[str, Town]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        return ensure_test_towns()


@pytest.fixture(autouse=True)
def _towns_survive_flushes(request: pytest.FixtureRequest) -> None:
    """A transactional test truncates the public tables when it ends; put the towns back
    before the next test that uses them (their schemas survive the flush)."""
    if "towns" not in request.fixturenames and not {
        "town_a",
        "town_b",
        "client_a",
        "client_b",
        "public_client",
        "in_town_a",
        "in_town_b",
    } & set(request.fixturenames):
        return
    request.getfixturevalue("towns")
    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        if Town.objects.filter(slug__in=[TOWN_A, TOWN_B]).count() < 2:
            ensure_test_towns()


@pytest.fixture
def town_a(towns: dict[str, Town]) -> Town:
    return Town.objects.get(slug=TOWN_A)


@pytest.fixture
def town_b(towns: dict[str, Town]) -> Town:
    return Town.objects.get(slug=TOWN_B)


@pytest.fixture
def in_town_a(db: None, town_a: Town) -> Iterator[Town]:
    with tenant_context(town_a):
        yield town_a


@pytest.fixture
def in_town_b(db: None, town_b: Town) -> Iterator[Town]:
    with tenant_context(town_b):
        yield town_b


@pytest.fixture
def in_public(db: None) -> Iterator[None]:
    with schema_context("public"):
        yield


class TownClient(Client):
    """A test client on a town's host; after each request the connection is reset to public
    so that the test body's ORM calls never run in the schema of the last request."""

    def request(self, **request: object):  # type: ignore[no-untyped-def, override]
        previous = connection.tenant if hasattr(connection, "tenant") else None
        try:
            return super().request(**request)
        finally:
            if previous is not None:
                connection.set_tenant(previous)
            else:
                connection.set_schema_to_public()


@pytest.fixture
def client_a(db: None, town_a: Town) -> TownClient:
    return TownClient(HTTP_HOST=host(TOWN_A))


@pytest.fixture
def client_b(db: None, town_b: Town) -> TownClient:
    return TownClient(HTTP_HOST=host(TOWN_B))


@pytest.fixture
def public_client(db: None, towns: dict[str, Town]) -> TownClient:
    from django.conf import settings

    return TownClient(HTTP_HOST=settings.LQ_BASE_DOMAIN)


@pytest.fixture(autouse=True)
def _fresh_town_routing() -> Iterator[None]:
    """Tests change towns inside rolled-back transactions; never let the host cache keep them."""
    from tenants.routing import forget_towns

    forget_towns()
    yield
    forget_towns()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> Iterator[None]:
    """Uploads of every test go to its own folder. django-tenants' storage caches the media
    root (relative_media_root) and does not notice a changed MEDIA_ROOT, so clear it."""
    from django.core.files.storage import storages

    settings.MEDIA_ROOT = tmp_path / "media"
    storages["default"].__dict__.pop("relative_media_root", None)
    yield
    storages["default"].__dict__.pop("relative_media_root", None)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache (the test Redis database): throttles count per
    address, and one test's attempts must not lock another test's people out."""
    from django.core.cache import cache

    cache.clear()
