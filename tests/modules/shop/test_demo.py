"""Demo content: fifteen approved businesses, idempotent, the first owned by a provider."""

from __future__ import annotations

from modules.shop import selectors
from modules.shop.demo import load_demo
from modules.shop.models import Provider
from portal.accounts.models import Role
from tests.factories import UserFactory


def test_demo_is_public_and_idempotent(in_town_a):
    provider = UserFactory(roles=[Role.RESIDENT, Role.PROVIDER])
    load_demo(town=in_town_a)
    load_demo(town=in_town_a)
    assert selectors.public_providers().count() == 15
    assert Provider.objects.get(slug="malerbetrieb-farbfroh").owner == provider
    assert Provider.objects.filter(owner__isnull=True).count() == 14
    assert "Taxi Kepler" in Provider.objects.get(slug="backerei-morgenrot").description
