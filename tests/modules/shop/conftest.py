"""People of town A in every role the shop distinguishes, and one provider."""

from __future__ import annotations

import pytest

from modules.shop.models import Provider
from portal.accounts.models import Role, User
from tests.factories import UserFactory
from tests.factories.shop import ProviderFactory


@pytest.fixture
def owner(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.PROVIDER], email="owner@example.org")


@pytest.fixture
def other_provider(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.PROVIDER], email="other@example.org")


@pytest.fixture
def resident(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT], email="resident@example.org")


@pytest.fixture
def moderator(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email="mod@example.org")


@pytest.fixture
def painter(owner: User) -> Provider:
    return ProviderFactory(
        name="Malerbetrieb Keller", slug="maler-keller", owner=owner, created_by=owner
    )


@pytest.fixture
def outsider_client(client_b, town_b, in_town_a):
    """A logged-in moderator of town B: the strongest outsider there is."""
    from django_tenants.utils import tenant_context

    with tenant_context(town_b):
        outsider = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email="owner@example.org")
        client_b.force_login(outsider)
    return client_b


@pytest.fixture
def shop_off(town_a):
    from tenants.models import Town
    from tenants.routing import forget_towns

    modules = [m for m in town_a.enabled_modules if m != "shop"]
    Town.objects.filter(pk=town_a.pk).update(enabled_modules=modules)
    forget_towns()
    yield
    forget_towns()


@pytest.fixture(autouse=True)
def _english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield
