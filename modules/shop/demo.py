"""Demo content of the shop: fifteen fictional businesses (idempotent), Weil der Stadt's list
for every demo town. A provider of the town owns the first; the others were set up by the
network manager and wait to be handed over (no owner). Offers and orders come later."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.accounts.models import Role, User

from .models import Provider, Trade

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
    """Create the demo businesses once; a provider of the town owns the first one."""
    owner = User.objects.people().filter(roles__contains=[Role.PROVIDER]).first()
    now = timezone.now()
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
                "approved_at": now,
                "reviewed_at": now,
                "owner": owner if index == 0 else None,
            },
        )
