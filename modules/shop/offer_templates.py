"""Starting points for a new offer, a few per trade: a provider picks "Fenster putzen,
Stundenpreis" instead of facing a blank form. Offered text, so in German (the towns are
German municipalities); the provider changes whatever does not fit before publishing."""

from __future__ import annotations

from dataclasses import dataclass

from .models import PriceModel, Trade


@dataclass(frozen=True)
class OfferTemplate:
    key: str
    trade: str
    title: str
    description: str
    category: str  # a Category slug (migration 0003)
    price_model: str
    price_cents: int | None = None
    duration_minutes: int | None = None


def _t(
    key: str,
    trade: str,
    title: str,
    description: str,
    category: str,
    price_model: str,
    price_cents: int | None = None,
    duration_minutes: int | None = None,
) -> OfferTemplate:
    return OfferTemplate(
        key, trade, title, description, category, price_model, price_cents, duration_minutes
    )


H, F, Q = PriceModel.HOURLY, PriceModel.FLAT, PriceModel.QUOTE

TEMPLATES: tuple[OfferTemplate, ...] = (
    _t("wand-streichen", Trade.CRAFT, "Wände streichen",
       "Wir streichen Wände und Decken in Wohnräumen, inklusive Abdecken und Aufräumen. "
       "Farbe nach Absprache.", "haus-handwerk", H, 4900, 240),
    _t("kleinreparaturen", Trade.CRAFT, "Kleinreparaturen im Haushalt",
       "Tropfender Wasserhahn, klemmende Tür, lose Steckdose: wir kommen vorbei und "
       "reparieren.", "haus-handwerk", H, 4500, 60),
    _t("bad-sanierung", Trade.CRAFT, "Badsanierung",
       "Beratung vor Ort und ein schriftliches Angebot für Ihr neues Bad.", "haus-handwerk", Q),
    _t("rasen-maehen", Trade.GARDEN, "Rasen mähen",
       "Wir mähen Ihren Rasen und nehmen den Schnitt mit.", "garten", H, 3500, 60),
    _t("hecke-schneiden", Trade.GARDEN, "Hecke schneiden",
       "Formschnitt Ihrer Hecke, Grünschnitt wird entsorgt.", "garten", H, 3900, 120),
    _t("fenster-putzen", Trade.CLEANING, "Fenster putzen",
       "Innen und außen, mit Rahmen und Fensterbänken.", "reinigung", H, 3500, 120),
    _t("treppenhaus", Trade.CLEANING, "Treppenhausreinigung",
       "Regelmäßige Reinigung Ihres Treppenhauses, wöchentlich oder alle zwei Wochen.",
       "reinigung", F, 4000, 60),
    _t("fahrrad-inspektion", Trade.MOBILITY, "Fahrrad-Inspektion",
       "Bremsen, Schaltung, Licht und Reifen werden geprüft und eingestellt.",
       "fahrrad-mobilitaet", F, 4900, 60),
    _t("fahrdienst", Trade.MOBILITY, "Fahrdienst zum Arzt",
       "Wir bringen Sie zum Termin und wieder nach Hause.", "fahrrad-mobilitaet", Q),
    _t("haarschnitt-zuhause", Trade.BEAUTY, "Haarschnitt bei Ihnen zu Hause",
       "Waschen, Schneiden, Föhnen in Ihrer Wohnung.", "haare-kosmetik", F, 3500, 45),
    _t("fusspflege", Trade.HEALTH_CARE, "Fußpflege",
       "Medizinische Fußpflege, auch als Hausbesuch.", "gesundheit-pflege", F, 3200, 45),
    _t("hauswirtschaft", Trade.HEALTH_CARE, "Hilfe im Haushalt",
       "Einkaufen, Wäsche, leichte Hausarbeit: Unterstützung im Alltag.",
       "gesundheit-pflege", H, 3200, 120),
    _t("computerhilfe", Trade.COMPUTER, "Computerhilfe zu Hause",
       "Wir richten Computer, Drucker und Internet ein und erklären in Ruhe.",
       "computer-telefon", H, 4000, 60),
    _t("smartphone-einrichten", Trade.COMPUTER, "Smartphone einrichten",
       "Neues Telefon einrichten, Kontakte und Fotos übertragen.", "computer-telefon",
       F, 3000, 60),
    _t("fruehstueck", Trade.FOOD, "Frühstück an die Haustür",
       "Frische Brötchen und Brezeln, morgens zu Ihnen gebracht.", "essen-trinken", F, 600),
    _t("partyservice", Trade.FOOD, "Partyservice",
       "Buffet für Ihre Feier, nach Ihren Wünschen.", "essen-trinken", Q),
    _t("lieferdienst", Trade.RETAIL, "Lieferung nach Hause",
       "Wir bringen Ihren Einkauf zu Ihnen nach Hause.", "sonstiges", F, 500),
    _t("sonstiges", Trade.OTHER, "Dienstleistung nach Absprache",
       "Beschreiben Sie hier, was Sie anbieten.", "sonstiges", Q),
)  # fmt: skip

_BY_KEY = {template.key: template for template in TEMPLATES}


def templates_for(trade: str) -> list[OfferTemplate]:
    """The templates of `trade` first, then the others: any business may start from any."""
    return sorted(TEMPLATES, key=lambda template: template.trade != trade)


def template_by_key(key: str) -> OfferTemplate | None:
    return _BY_KEY.get(key)
