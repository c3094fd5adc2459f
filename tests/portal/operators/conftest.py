"""An operator (a staff user of the public schema) and a client logged in as them."""

from __future__ import annotations

import pytest

from portal.accounts.models import User
from tests.conftest import TownClient
from tests.factories import PASSWORD

OPERATOR_EMAIL = "op@lq.example"


@pytest.fixture(autouse=True)
def _english(public_client: TownClient) -> None:
    # German is the default; Django's own form messages are then German.
    public_client.cookies["django_language"] = "en"


@pytest.fixture
def operator(public_client: TownClient) -> User:
    return User.objects.create_user(
        OPERATOR_EMAIL, PASSWORD, full_name="Olga Operator", is_staff=True
    )


@pytest.fixture
def operator_client(public_client: TownClient, operator: User) -> TownClient:
    response = public_client.post("/login/", {"username": OPERATOR_EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    return public_client
