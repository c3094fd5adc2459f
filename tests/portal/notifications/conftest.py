"""People of town A for the notifications' tests, and a helper to read their mails."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from portal.accounts.models import Role
from tests.factories import UserFactory

CONTEXT = {"what": "Listing", "title": "Fahrrad", "link": "http://x.example/manage/moderation/"}


@pytest.fixture
def people(in_town_a: Any) -> dict[str, Any]:
    return {
        "erika": UserFactory(full_name="Erika Haug", language="de"),
        "tom": UserFactory(full_name="Tom Smith", language="en"),
        "moderator": UserFactory(
            full_name="Markus Brenner", roles=[Role.RESIDENT, Role.MODERATOR], language="en"
        ),
    }


def login(client: Any, user: Any, town: Any) -> None:
    with tenant_context(town):
        client.force_login(user)
