"""Fixtures of these tests: a media folder of the test's own, and people of town A."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from portal.accounts.models import User
from tests.factories import UserFactory
from tests.factories.branding import use_media_root


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    return use_media_root(settings, tmp_path / "media")


@pytest.fixture
def admin_a(in_town_a: Any) -> User:
    return UserFactory(town_admin=True, full_name="Ada Admin")


@pytest.fixture
def moderator_a(in_town_a: Any) -> User:
    return UserFactory(moderator=True, full_name="Moritz Moderator")


@pytest.fixture
def resident_a(in_town_a: Any) -> User:
    return UserFactory(full_name="Rita Resident")
