"""What the info module tells in the quarterly e-letter: the period's news and what is coming.

Plain text for the moderators to edit (the letter escapes it): one paragraph per item with
its date and the address of its page.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.registry import LetterSection
from tenants.addresses import town_url

from .models import News
from .recurrence import town_zone
from .selectors import occurrences_between

COMING_DAYS = 92  # about three months
ITEMS_MAX = 25
SUMMARY_MAX = 300


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=town_zone())


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1].rstrip() + "…"


def news_section(start: date, end: date) -> LetterSection | None:
    """The news published from `start` to `end` (the town's days), oldest first."""
    items = News.objects.filter(
        publish_at__gte=_midnight(start),
        publish_at__lt=min(_midnight(end + timedelta(days=1)), timezone.now()),
    ).order_by("publish_at", "pk")[:ITEMS_MAX]
    paragraphs = []
    for news in items:
        day = date_format(timezone.localtime(news.publish_at, town_zone()), "SHORT_DATE_FORMAT")
        url = town_url(reverse("info:news_detail", args=[news.public_id]))
        paragraphs.append(f"{news.title} ({day})\n{_short(news.summary or news.body)}\n{url}")
    if not paragraphs:
        return None
    return LetterSection(heading=_("News of the last three months"), body="\n\n".join(paragraphs))


def events_section(start: date, end: date) -> LetterSection | None:
    """The events of the three months after `end`, in time order, cancelled ones left out."""
    since = _midnight(end + timedelta(days=1))
    coming = occurrences_between(since, since + timedelta(days=COMING_DAYS))
    paragraphs = []
    for occurrence in [occ for occ in coming if not occ.is_cancelled][:ITEMS_MAX]:
        event = occurrence.event
        when = date_format(timezone.localtime(occurrence.start, town_zone()), "l, j. F Y, H:i")
        url = town_url(reverse("info:event_detail", args=[event.public_id]))
        paragraphs.append(f"{when}: {event.title}\n{event.place} · {event.organiser_name}\n{url}")
    if not paragraphs:
        return None
    return LetterSection(heading=_("Coming events"), body="\n\n".join(paragraphs))


def letter_sections(start: date, end: date) -> list[LetterSection]:
    return [s for s in (news_section(start, end), events_section(start, end)) if s is not None]
