"""Emergency numbers every Baden-Württemberg demo town lists (nationwide or state-wide,
so they carry no local area code)."""

from __future__ import annotations

from ..models import LinkCategory
from .content import DemoLink

EMERGENCY_LINKS = [
    DemoLink(
        LinkCategory.EMERGENCY, "Polizei", "https://www.polizei-bw.de/", "110", "Notruf der Polizei"
    ),
    DemoLink(
        LinkCategory.EMERGENCY,
        "Feuerwehr und Rettungsdienst",
        "https://www.feuerwehr-bw.de/",
        "112",
        "Europaweiter Notruf",
    ),
    DemoLink(
        LinkCategory.EMERGENCY,
        "Ärztlicher Bereitschaftsdienst",
        "https://www.116117.de/",
        "116117",
        "Nachts, am Wochenende und an Feiertagen",
    ),
    DemoLink(
        LinkCategory.EMERGENCY,
        "Giftnotruf Baden-Württemberg",
        "https://www.ukl-freiburg.de/",
        "0761 19240",
        "",
    ),
]
