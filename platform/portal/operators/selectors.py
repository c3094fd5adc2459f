"""Operator-side reads on towns."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from portal.accounts.selectors import UserCounts, dangerously_count_users_across_schemas
from tenants.models import Town
from tenants.selectors import towns

from .models import TownAuditEntry


@dataclass(frozen=True)
class TownSummary:
    town: Town
    host: str
    users: int
    pending: int


def town_summaries() -> list[TownSummary]:
    """Towns with their user counts; the counts of all towns come in one query."""
    all_towns = list(towns())
    counts = dangerously_count_users_across_schemas([town.schema_name for town in all_towns])
    summaries = []
    for town in all_towns:
        primary = next((d.domain for d in town.domains.all() if d.is_primary), "")
        count = counts.get(town.schema_name, UserCounts(0, 0))
        summaries.append(
            TownSummary(town=town, host=primary, users=count.total, pending=count.pending)
        )
    return summaries


def town_history(town: Town, *, limit: int = 20) -> QuerySet[TownAuditEntry]:
    """The latest lifecycle changes of a town, newest first."""
    return TownAuditEntry.objects.filter(town=town).select_related("operator")[:limit]
