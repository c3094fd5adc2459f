"""People of town A for the dashboard tests."""

from __future__ import annotations

from typing import Any

import pytest

from portal.accounts.models import User
from tests.factories import UserFactory


@pytest.fixture
def admin_a(in_town_a: Any) -> User:
    return UserFactory(town_admin=True, full_name="Ada Admin")


@pytest.fixture
def resident_a(in_town_a: Any) -> User:
    return UserFactory(full_name="Rita Resident")
