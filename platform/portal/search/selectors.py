"""Reads of the search: every enabled module's groups for a query, and the unfound terms."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.utils import timezone

from portal import registry

from .groups import SearchGroup
from .models import UnfoundSearch
from .query import SearchQuery


def search_everything(query: SearchQuery) -> list[SearchGroup]:
    """The groups with hits of every module the town has switched on, in page order (each
    provider runs a constant number of queries; a module switched off is not asked). The
    kinds that found nothing by stem or title look for a typo in their long texts when no
    kind found the words by stem."""
    groups: list[SearchGroup] = []
    unfound = []
    first_round = replace(query, typo_in_texts="never", seen={})
    for provider in registry.search_providers():
        found = [group for group in provider(first_round) if group.total]
        groups += found
        if not found:
            unfound.append(provider)
    # A typo in a long text is looked for only in kinds that found nothing, and only when
    # no kind knows the words (by stem): a word spelt right elsewhere is no typo to hunt
    # for in thousands of texts.
    if not first_round.seen.get("by_stem"):
        second_round = replace(first_round, typo_in_texts="only")
        groups += [group for provider in unfound for group in provider(second_round) if group.total]
    return sorted(
        (group for group in groups if query.wants(group.key)), key=lambda group: group.order
    )


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
