"""Fixtures of the exchange tests: people with roles in town A, images, uploads in tmp."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from portal.accounts.models import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> Iterator[None]:
    from django.core.files.storage import storages

    # django-tenants' storage caches MEDIA_ROOT (relative_media_root) and forgets to reset it
    # when MEDIA_ROOT changes, so each test clears it by hand, before and after.
    settings.MEDIA_ROOT = tmp_path
    storages["default"].__dict__.pop("relative_media_root", None)
    yield
    storages["default"].__dict__.pop("relative_media_root", None)


@pytest.fixture
def people(in_town_a: Any) -> dict[str, Any]:
    """Owner, member (another resident), moderator, admin, pending and provider of town A."""
    return {
        "owner": UserFactory(full_name="Erika Haug"),
        "member": UserFactory(full_name="Josef Widmann"),
        "moderator": UserFactory(full_name="Markus Brenner", roles=[Role.RESIDENT, Role.MODERATOR]),
        "admin": UserFactory(full_name="Andrea Keller", roles=[Role.RESIDENT, Role.TOWN_ADMIN]),
        "unverified": UserFactory(full_name="Paul Neu", email_verified_at=None),
        "provider": UserFactory(full_name="Sabine Roth", roles=[Role.RESIDENT, Role.PROVIDER]),
        "representative": UserFactory(
            full_name="Thomas Vogt", roles=[Role.RESIDENT, Role.ORGANISATION]
        ),
    }


@pytest.fixture
def client_a(client_a: Any) -> Any:
    """Town A's client, in English so that tests can read the messages."""
    client_a.cookies["django_language"] = "en"
    return client_a


@pytest.fixture
def client_b(client_b: Any) -> Any:
    client_b.cookies["django_language"] = "en"
    return client_b
