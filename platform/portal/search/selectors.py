"""Reads of the search: every enabled module's groups for a query, and the unfound terms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from portal import registry

from .groups import SearchGroup
from .models import UnfoundSearch
from .query import SearchQuery


def search_everything(query: SearchQuery) -> list[SearchGroup]:
    """The groups with hits of every module the town has switched on, in page order (each
    provider runs a constant number of queries; a module switched off is not asked)."""
    groups = [
        group
        for provider in registry.search_providers()
        for group in provider(query)
        if group.total and query.wants(group.key)
    ]
    return sorted(groups, key=lambda group: group.order)


@dataclass(frozen=True)
class UnfoundTerm:
    term: str
    week: date  # the Monday of the week
    count: int


def unfound_searches(*, since: date | datetime) -> list[UnfoundTerm]:
    """Searches that found nothing since `since` (from its week on), per normalised term and
    week: newest week first, the most searched term first within a week."""
    if isinstance(since, datetime):
        since = timezone.localtime(since).date() if timezone.is_aware(since) else since.date()
    rows = UnfoundSearch.objects.filter(week__gte=since - timedelta(days=since.weekday())).order_by(
        "-week", "-count", "term"
    )
    return [UnfoundTerm(term=row.term, week=row.week, count=row.count) for row in rows]
