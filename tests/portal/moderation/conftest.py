"""People of town A for the moderation kit's tests."""

from __future__ import annotations

from typing import Any

import pytest

from portal.accounts.models import Role
from tests.factories import UserFactory


@pytest.fixture
def people(in_town_a: Any) -> dict[str, Any]:
    return {
        "owner": UserFactory(full_name="Erika Haug"),
        "member": UserFactory(full_name="Josef Widmann"),
        "moderator": UserFactory(
            full_name="Markus Brenner", roles=[Role.RESIDENT, Role.MODERATOR], language="en"
        ),
        "admin": UserFactory(
            full_name="Andrea Keller", roles=[Role.RESIDENT, Role.TOWN_ADMIN], language="de"
        ),
    }
