"""Demo content of the shop: fifteen fictional businesses (idempotent), Weil der Stadt's list
for every demo town. A provider of the town owns the first; the others were set up by the
network manager and wait to be handed over (no owner). Their 40 offers (`demo_offers`) and
30 orders in every state with the fee postings (`demo_orders`) follow."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.accounts.models import Role, User

from .demo_offers import OFFERS
from .demo_orders import load_orders
from .models import Category, Offer, Provider, Trade

# name, trade, description, opening hours, districts
BUSINESSES: list[tuple[str, str, str, str, list[str]]] = [
    (
        "Malerbetrieb Farbfroh",
        Trade.CRAFT,
        "Innen- und Fassadenanstrich, Tapezieren.",
        "Mo–Fr 7–17 Uhr",
        ["Kernstadt", "Merklingen"],
    ),
    (
        "Elektro Funke",
        Trade.CRAFT,
        "Elektroinstallation, Reparaturen, E-Check.",
        "Mo–Fr 7:30–16:30 Uhr",
        ["Kernstadt", "Schafhausen", "Hausen"],
    ),
    (
        "Gartenpflege Grünzeug",
        Trade.GARDEN,
        "Hecke schneiden, Rasen mähen, Laub räumen.",
        "nach Vereinbarung",
        ["Merklingen", "Münklingen"],
    ),
    (
        "Glasklar Fensterreinigung",
        Trade.CLEANING,
        "Fenster, Wintergärten und Rahmen.",
        "Mo–Sa 8–18 Uhr",
        ["Kernstadt", "Merklingen", "Schafhausen"],
    ),
    (
        "Radwerkstatt Kette & Co.",
        Trade.MOBILITY,
        "Reparatur und Wartung von Fahrrädern und Pedelecs, Abholservice.",
        "Di–Fr 10–18 Uhr, Sa 9–13 Uhr",
        ["Kernstadt"],
    ),
    (
        "Friseurin unterwegs",
        Trade.BEAUTY,
        "Mobiler Haarschnitt zu Hause, auch im Pflegeheim.",
        "Mo–Do nach Vereinbarung",
        ["Kernstadt", "Hausen", "Münklingen"],
    ),
    (
        "Fußpflege Sanftschritt",
        Trade.HEALTH_CARE,
        "Medizinische Fußpflege, Hausbesuche.",
        "Mo, Mi, Fr 9–17 Uhr",
        ["Kernstadt", "Merklingen"],
    ),
    (
        "Computerhilfe Klick",
        Trade.COMPUTER,
        "Hilfe bei Computer, Handy und Drucker – geduldig und zu Hause.",
        "Mo–Fr 9–19 Uhr",
        ["Kernstadt", "Schafhausen"],
    ),
    (
        "Sozialstation Weil der Stadt",
        Trade.HEALTH_CARE,
        "Hauswirtschaftliche Hilfe, Begleitung und Betreuung (kostenpflichtige Leistungen).",
        "Mo–Fr 8–16 Uhr",
        ["Kernstadt", "Merklingen", "Schafhausen", "Hausen", "Münklingen"],
    ),
    (
        "Bäckerei Morgenrot",
        Trade.FOOD,
        "Frühstücksbrötchen, geliefert vom Taxi Kepler.",
        "Mo–Sa 6–12 Uhr",
        ["Kernstadt", "Merklingen"],
    ),
    (
        "Taxi Kepler",
        Trade.MOBILITY,
        "Fahrten zum Arzt und Einkauf; liefert die Brötchen der Bäckerei Morgenrot.",
        "täglich 6–22 Uhr",
        ["Kernstadt", "Merklingen", "Hausen"],
    ),
    (
        "Schreinerei Holzwurm",
        Trade.CRAFT,
        "Möbel nach Maß, Reparatur von Türen und Fenstern.",
        "Mo–Fr 7–16 Uhr",
        ["Merklingen"],
    ),
    (
        "Haushaltshilfe Rundum",
        Trade.CLEANING,
        "Putzen, Wäsche, Einkaufen.",
        "Mo–Fr 8–14 Uhr",
        ["Kernstadt", "Schafhausen"],
    ),
    (
        "Schneiderei Nadelöhr",
        Trade.OTHER,
        "Änderungen und Reparaturen von Kleidung.",
        "Di–Fr 9–12 Uhr",
        ["Kernstadt"],
    ),
    (
        "Hofladen Sonnenhof",
        Trade.RETAIL,
        "Eier, Kartoffeln und Obst vom Hof.",
        "Fr 14–18 Uhr, Sa 8–12 Uhr",
        ["Münklingen"],
    ),
]


def _email(name: str) -> str:
    return f"anfragen@{slugify(name)[:40]}.example"


@transaction.atomic
def load_demo(*, town: Any) -> None:
    """Create the demo businesses, their offers and the orders once; a provider of the town
    owns the first business."""
    owner = User.objects.people().filter(roles__contains=[Role.PROVIDER]).first()
    now = timezone.now()
    # The businesses joined four months ago, before their first offers and orders (their fee
    # statements, and so their monthly invoices, start in the month they joined).
    joined = now - timedelta(days=120)
    for index, (name, trade, description, hours, districts) in enumerate(BUSINESSES):
        Provider.objects.get_or_create(
            slug=slugify(name)[:80],
            defaults={
                "name": name,
                "trade": trade,
                "description": description,
                "opening_hours": hours,
                "districts": districts,
                "request_email": _email(name),
                "phone": f"07033 {5100 + index}",
                "address": f"Marktplatz {index + 1}, 71263 Weil der Stadt",
                "status": Provider.Status.APPROVED,
                "created_at": joined,
                "approved_at": joined,
                "reviewed_at": joined,
                "owner": owner if index == 0 else None,
            },
        )
    _load_offers(now)
    load_orders()


def _load_offers(now: Any) -> None:
    """The businesses' offers, published over the last weeks (each once, by its title)."""
    categories = {category.slug: category for category in Category.objects.all()}
    providers = {provider.name: provider for provider in Provider.objects.all()}
    number = 0
    for name, offers in OFFERS.items():
        provider = providers.get(name)
        for slug, title, text, price_model, cents, minutes, when in offers:
            number += 1
            if provider is None or slug not in categories:
                continue
            published = now - timedelta(days=90 - number * 2)
            Offer.objects.get_or_create(
                provider=provider,
                title=title,
                defaults={
                    "category": categories[slug],
                    "description": text,
                    "price_model": price_model,
                    "price_cents": cents,
                    "duration_minutes": minutes,
                    "districts": provider.districts,
                    "availability_note": when,
                    "status": Offer.Status.PUBLISHED,
                    "created_at": published,
                    "updated_at": published,
                    "published_at": published,
                },
            )
