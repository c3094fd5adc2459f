"""Reads on towns for the operator site."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Town


def towns() -> QuerySet[Town]:
    """Every real town (not the public site, not the template), with its domains."""
    queryset: QuerySet[Town] = (
        Town.objects.exclude(schema_name="public")
        .exclude(is_template=True)
        .prefetch_related("domains")
        .order_by("name")
    )
    return queryset


@dataclass(frozen=True)
class TownSummary:
    town: Town
    host: str
    users: int
    pending: int


def town_summaries() -> list[TownSummary]:
    """Towns with their user counts; the counts of all towns come in one query."""
    from portal.accounts.selectors import UserCounts, user_counts_by_schema

    all_towns = list(towns())
    counts = user_counts_by_schema([town.schema_name for town in all_towns])
    summaries = []
    for town in all_towns:
        primary = next((d.domain for d in town.domains.all() if d.is_primary), "")
        count = counts.get(town.schema_name, UserCounts(0, 0))
        summaries.append(
            TownSummary(town=town, host=primary, users=count.total, pending=count.pending)
        )
    return summaries
