"""People of town A in every role the directory distinguishes, and one organisation."""

from __future__ import annotations

import pytest

from modules.directory.models import Organisation, Representative
from portal.accounts.models import Role, User
from tests.factories import UserFactory
from tests.factories.directory import OfferingFactory, OrganisationFactory


@pytest.fixture
def owner(in_town_a: object) -> User:
    """Represents the Repair-Café."""
    return UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION], email="owner@example.org")


@pytest.fixture
def member(in_town_a: object) -> User:
    """A resident of the same town who represents nothing."""
    return UserFactory(roles=[Role.RESIDENT], email="member@example.org")


@pytest.fixture
def provider(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.PROVIDER], email="provider@example.org")


@pytest.fixture
def moderator(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email="mod@example.org")


@pytest.fixture
def town_admin(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN], email="admin2@example.org")


@pytest.fixture
def unverified(in_town_a: object) -> User:
    return UserFactory(email="new@example.org", email_verified_at=None)


@pytest.fixture
def cafe(owner: User) -> Organisation:
    organisation = OrganisationFactory(
        name="Repair-Café Merklingen",
        slug="repair-cafe",
        description="Wir reparieren kleine Elektrogeräte.",
    )
    Representative.objects.create(organisation=organisation, user=owner)
    OfferingFactory(organisation=organisation, title="Reparaturtreff", schedule="jeden 1. Samstag")
    return organisation


@pytest.fixture
def outsider_client(client_b, town_b, in_town_a):
    """A logged-in moderator of town B: the strongest outsider there is."""
    from django_tenants.utils import tenant_context

    with tenant_context(town_b):
        outsider = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email="owner@example.org")
        client_b.force_login(outsider)
    return client_b


@pytest.fixture
def directory_off(town_a):
    """Town A with the directory switched off for the test."""
    from tenants.models import Town
    from tenants.routing import forget_towns

    modules = [m for m in town_a.enabled_modules if m != "directory"]
    Town.objects.filter(pk=town_a.pk).update(enabled_modules=modules)
    forget_towns()
    yield
    forget_towns()


@pytest.fixture(autouse=True)
def _english_messages():
    """Service tests match English messages; requests still choose their own language."""
    from django.utils import translation

    with translation.override("en"):
        yield
