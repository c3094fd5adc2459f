"""People of town A in every role neighbourly help distinguishes, and an organisation with
a representative (who coordinates its services)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from modules.directory.models import Organisation
from modules.volunteer.models import Routing, Service
from modules.volunteer.services.requests import RequestFields
from portal.accounts.models import Role, User
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory


@pytest.fixture
def representative(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION], email="rep@example.org")


@pytest.fixture
def resident(in_town_a: object) -> User:
    return UserFactory(email="resident@example.org", full_name="Erika Haug")


@pytest.fixture
def outsider(in_town_a: object) -> User:
    return UserFactory(email="outsider@example.org")


@pytest.fixture
def moderator(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email="mod@example.org")


@pytest.fixture
def organisation(representative: User) -> Organisation:
    organisation = OrganisationFactory(name="Miteinander", slug="miteinander")
    RepresentativeFactory(organisation=organisation, user=representative)
    return organisation


@pytest.fixture
def service(organisation: Organisation, representative: User) -> Service:
    """A pool service without rules."""
    return ServiceFactory(
        organisation=organisation,
        coordinator=representative,
        title="Einkaufshilfe",
        slug="einkaufshilfe",
        routing=Routing.POOL,
    )


@pytest.fixture
def narrow(organisation: Organisation, representative: User) -> Service:
    """Emergency shopping: district Nord, aged 70+, a situation; assigned by the coordinator."""
    return ServiceFactory(
        organisation=organisation,
        coordinator=representative,
        title="Einkaufshilfe im Notfall",
        slug="notfall",
        kind="shopping",
        eligible_districts=["Nord"],
        min_age=70,
        situation="nach Krankheit nicht in der Lage, selbst einzukaufen",
    )


@pytest.fixture
def helper(service: Service) -> User:
    person = UserFactory(email="helper@example.org", full_name="Josef Widmann")
    HelperFactory(service=service, user=person)
    return person


def soon(days: int = 3) -> date:
    return timezone.localdate() + timedelta(days=days)


def fields(**changes: object) -> RequestFields:
    values: dict[str, object] = {
        "needed_on": soon(),
        "details": "Brot und Milch",
        "address": "Marktstraße 3",
        "phone": "07033 1234",
        "time_note": "vormittags",
    }
    values.update(changes)
    return RequestFields(**values)  # type: ignore[arg-type]


def old_enough() -> date:
    return date(1950, 5, 1)


def eligible(**changes: object) -> RequestFields:
    """A request that meets `narrow`'s rules."""
    values: dict[str, object] = {
        "district": "Nord",
        "birth_date": old_enough(),
        "confirms_situation": True,
        "statement": "Ich habe mir das Bein gebrochen.",
    }
    values.update(changes)
    return fields(**values)
