"""People of town A in every role the info module distinguishes."""

from __future__ import annotations

import pytest

from portal.accounts.models import Role, User
from tests.factories import UserFactory


@pytest.fixture
def resident(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT])


@pytest.fixture
def provider(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.PROVIDER], email="kueche@example.org")


@pytest.fixture
def other_provider(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.PROVIDER], email="imbiss@example.org")


@pytest.fixture
def representative(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION])


@pytest.fixture
def other_representative(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION])


@pytest.fixture
def moderator(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email="mod@example.org")


@pytest.fixture
def town_admin(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN], email="chef@example.org")


@pytest.fixture
def unverified_moderator(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email_verified_at=None)


@pytest.fixture
def client_a(client_a):  # type: ignore[no-untyped-def]
    """Town A's client, reading pages in English (the messages asserted are the msgids)."""
    client_a.cookies["django_language"] = "en"
    return client_a


@pytest.fixture
def client_b(client_b):  # type: ignore[no-untyped-def]
    client_b.cookies["django_language"] = "en"
    return client_b


@pytest.fixture(autouse=True)
def _english() -> object:
    """Service messages are asserted by their English msgids."""
    from django.utils import translation

    with translation.override("en"):
        yield
