"""Fixtures of the account tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client

from tenants.models import Town
from tenants.routing import forget_towns


@pytest.fixture
def set_policy(in_town_a: Town) -> Callable[[str], Town]:
    """Change town A's residency policy for this test (row and the connection's copy)."""

    def apply(policy: str) -> Town:
        Town.objects.filter(pk=in_town_a.pk).update(residency_policy=policy)
        in_town_a.residency_policy = policy
        forget_towns()
        return in_town_a

    return apply


# Assertions read the English msgids; the towns default to German.
@pytest.fixture
def client_a(client_a: Client) -> Client:
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client_a


@pytest.fixture
def client_b(client_b: Client) -> Client:
    client_b.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client_b
