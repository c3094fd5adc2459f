"""Fixtures of the acting-on-behalf tests: a network manager, a managed resident, a consent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from portal.accounts.models import Role, User
from portal.behalf import services
from portal.behalf.models import Consent
from tests.factories import UserFactory


@pytest.fixture
def manager(in_town_a: Any) -> User:
    return UserFactory(full_name="Markus Brenner", roles=[Role.RESIDENT, Role.MODERATOR])


@pytest.fixture
def managed(manager: User) -> User:
    return services.create_managed_resident(
        created_by=manager, full_name="Hildegard Maier", phone="07033 1234", postcode="71263"
    )


@pytest.fixture
def give_consent(manager: User) -> Callable[..., Consent]:
    def give(
        person: User,
        scopes: list[str],
        *,
        helper: User | None = None,
        valid_from: date | None = None,
        valid_until: date | None = None,
    ) -> Consent:
        return services.record_consent(
            recorded_by=manager,
            person=person,
            scopes=scopes,
            given_how=Consent.Given.PAPER,
            helper=helper,
            valid_from=valid_from,
            valid_until=valid_until,
            note="Formular im Ordner",
        )

    return give


@pytest.fixture
def client_a(client_a: Client) -> Client:
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client_a


@pytest.fixture
def client_b(client_b: Client) -> Client:
    client_b.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client_b
