"""Operator-side reads on towns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from portal.accounts.selectors import UserCounts, dangerously_count_users_across_schemas
from tenants.models import Domain, Town
from tenants.selectors import towns

from .models import TownArchiveJob, TownAuditEntry


@dataclass(frozen=True)
class TownSummary:
    town: Town
    host: str
    users: int
    pending: int


def find_towns(*, query: str = "", status: str = "") -> QuerySet[Town]:
    """Towns whose name, slug or one of whose host names contains `query` (any case), in a status.

    Ordered by name, then slug, so that pages of the list neither repeat nor skip a town.
    """
    found = towns().order_by("name", "slug")
    if query:
        # EXISTS rather than a join: a town with two matching domains stays one row. At
        # 10,000 towns PostgreSQL answers this with two sequential scans of a few ms (it
        # does not choose trigram indexes at that size; ops/bench/operator_towns.py).
        on_domain = Domain.objects.filter(tenant=OuterRef("pk"), domain__icontains=query)
        found = found.filter(
            Q(name__icontains=query) | Q(slug__icontains=query) | Exists(on_domain)
        )
    if status:
        found = found.filter(status=status)
    return found


def summarise_towns(some_towns: Iterable[Town]) -> list[TownSummary]:
    """The given towns (domains prefetched) with their user counts, all counts in one query."""
    listed = list(some_towns)
    counts = dangerously_count_users_across_schemas([town.schema_name for town in listed])
    summaries = []
    for town in listed:
        primary = next((d.domain for d in town.domains.all() if d.is_primary), "")
        count = counts.get(town.schema_name, UserCounts(0, 0))
        summaries.append(
            TownSummary(town=town, host=primary, users=count.total, pending=count.pending)
        )
    return summaries


def town_summaries() -> list[TownSummary]:
    """Every town with its user counts (the command line's list; the site pages it)."""
    return summarise_towns(towns())


def town_history(town: Town, *, limit: int = 20) -> QuerySet[TownAuditEntry]:
    """The latest lifecycle changes of a town, newest first."""
    return TownAuditEntry.objects.filter(town=town).select_related("operator")[:limit]


def town_exports(town: Town, *, limit: int) -> list[TownArchiveJob]:
    """The town's latest export jobs, newest first (the operator's page and the console's)."""
    return list(
        TownArchiveJob.objects.filter(town=town, kind=TownArchiveJob.Kind.EXPORT).select_related(
            "town"
        )[:limit]
    )
