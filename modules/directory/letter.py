"""What the directory tells in the quarterly e-letter: the organisations new in the period."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import LetterSection
from tenants.addresses import town_url
from tenants.current import current_town

from .models import Organisation

ITEMS_MAX = 25
DESCRIPTION_MAX = 300


def _midnight(day: date) -> datetime:
    town = current_town()
    zone = ZoneInfo(town.time_zone if town is not None else settings.TIME_ZONE)
    return datetime.combine(day, time.min, tzinfo=zone)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1].rstrip() + "…"


def new_organisations_section(start: date, end: date) -> LetterSection | None:
    """Organisations that became public from `start` to `end` (approved then), by name."""
    found = (
        Organisation.objects.filter(status=Organisation.Status.APPROVED)
        .annotate(public_since=Coalesce("approved_at", "reviewed_at", "created_at"))
        .filter(
            public_since__gte=_midnight(start), public_since__lt=_midnight(end + timedelta(days=1))
        )
        .order_by("name", "pk")[:ITEMS_MAX]
    )
    paragraphs = [
        f"{org.name}\n{_short(org.description)}\n"
        + town_url(reverse("directory:detail", args=[org.slug]))
        for org in found
    ]
    if not paragraphs:
        return None
    return LetterSection(heading=_("New in the directory"), body="\n\n".join(paragraphs))


def letter_sections(start: date, end: date) -> list[LetterSection]:
    section = new_organisations_section(start, end)
    return [section] if section is not None else []
