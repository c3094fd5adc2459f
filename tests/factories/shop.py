"""Factories of the shop module; use them inside a town (in_town_a / in_town_b)."""

from __future__ import annotations

import factory
from django.utils import timezone

from modules.shop.models import Provider, Trade


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Malerbetrieb Nummer {n}")
    slug = factory.Sequence(lambda n: f"maler-{n}")
    trade = Trade.CRAFT
    description = "Wir streichen Wände und Fenster."
    request_email = factory.Sequence(lambda n: f"anfragen{n}@example.org")
    districts = factory.LazyFunction(lambda: ["Merklingen"])
    status = Provider.Status.APPROVED
    approved_at = factory.LazyFunction(timezone.now)
