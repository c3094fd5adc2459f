"""Two towns of the harness's own, with samples for every route, made once per test module.

They are separate from alpha/beta so that the samples (committed, not rolled back) never show
up in other tests' counts, and they are dropped when the module's tests are done.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.test import override_settings
from django_tenants.utils import tenant_context

from portal.registry import town_modules
from tenants.models import Module, Town
from tests.conftest import TownClient, host
from tests.factories import UserFactory

from .probe import town_secrets
from .samples import Samples, make_samples
from .schema import api_operations

HARNESS_A = "harness-a"
HARNESS_B = "harness-b"


@dataclass
class Harness:
    town_a: Town
    town_b: Town
    samples: Samples
    anonymous_a: TownClient
    admin_a: TownClient
    # Town B's people, by kind; None is the anonymous visitor.
    clients_b: dict[str, TownClient]
    # Names, titles, slugs and ids of town A's objects, never to be shown to town B.
    secrets_a: frozenset[str]


def _provision(slug: str) -> Town:
    from portal.operators.services import provision_town

    return provision_town(
        slug=slug,
        name=slug.title(),
        admin_email=f"first-admin@{slug}.example",
        postcodes=["71263"],
        default_language="en",
        enabled_modules=list(Module.values),
    )


def _logged_in(town: Town, **traits: Any) -> TownClient:
    client = TownClient(HTTP_HOST=host(town.slug))
    with tenant_context(town):
        client.force_login(UserFactory(**traits))
    return client


def _clear_media_cache() -> None:
    storages["default"].__dict__.pop("relative_media_root", None)


@pytest.fixture(scope="module")
def harness_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("harness-media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, harness_media: Path) -> Iterator[None]:
    """Instead of a folder per test (tests/conftest.py): the samples' files (a listing's
    photo, a town file) stay there for all of the module's tests, so that a file route's
    answers are about a file that is really there."""
    settings.MEDIA_ROOT = harness_media
    _clear_media_cache()
    yield
    _clear_media_cache()


@pytest.fixture(scope="module")
def harness(towns: Any, django_db_blocker: Any, harness_media: Path) -> Iterator[Harness]:
    # `towns` first: it migrates the public schema and the template that provisioning clones.
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=harness_media):
        _clear_media_cache()
        town_a, town_b = _provision(HARNESS_A), _provision(HARNESS_B)
        samples: Samples = {}
        with tenant_context(town_a):
            for key in [None, *(module.key for module in town_modules())]:
                samples.update(make_samples(key))
        made = Harness(
            town_a=town_a,
            town_b=town_b,
            samples=samples,
            anonymous_a=TownClient(HTTP_HOST=host(town_a.slug)),
            admin_a=_logged_in(town_a, town_admin=True),
            clients_b={
                "anonymous": TownClient(HTTP_HOST=host(town_b.slug)),
                "resident": _logged_in(town_b),
                "moderator": _logged_in(town_b, moderator=True),
                "administrator": _logged_in(town_b, town_admin=True),
            },
            secrets_a=frozenset(),
        )
        made.secrets_a = town_secrets(town_a) - town_secrets(town_b)
        connection.set_schema_to_public()
        _clear_media_cache()
        # Generating the schema runs queries that may fail (viewsets' querysets outside a
        # town); here, in autocommit, they cannot abort a test's transaction.
        api_operations()
    yield made
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        for town in Town.objects.filter(slug__in=[HARNESS_A, HARNESS_B]):
            town.auto_drop_schema = True
            town.delete(force_drop=True)
