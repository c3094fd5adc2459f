"""The shapes a module's dashboard figures take, and the one way to count them per week.

A module declares `dashboard_figures` in the registry: a callable taking `since` (the Monday
a year ago, a date) that returns `DashboardSection`s. Each weekly series is one grouped query
(`date_trunc('week', ...)` in SQL through `TruncWeek`), never one query per week, so the
dashboard costs the same number of queries however much a town has done.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.functional import Promise

WEEKS = 52

# "cents": an amount of money in euro cents (shown as euros).
Unit = Literal["count", "minutes", "cents"]


@dataclass(frozen=True)
class WeeklySeries:
    """One figure per week: week's Monday -> value (weeks without a row are 0)."""

    key: str  # unique on the page and a CSV column, e.g. "exchange_listings"
    label: str | Promise
    weeks: Mapping[date, int]
    unit: Unit = "count"
    chart: Literal["bar", "line"] = "bar"


@dataclass(frozen=True)
class Headline:
    """A figure of today, e.g. "organisations updated in the last 6 months"."""

    label: str | Promise
    value: int
    unit: Unit = "count"


@dataclass(frozen=True)
class TopItem:
    """One line of a ranked list, e.g. a search term that found nothing, and how often."""

    label: str
    value: int


@dataclass(frozen=True)
class DashboardSection:
    key: str
    title: str | Promise
    series: Sequence[WeeklySeries] = ()
    headlines: Sequence[Headline] = ()
    top: Sequence[TopItem] = ()
    top_label: str | Promise = ""
    note: str | Promise = ""


@dataclass(frozen=True)
class DashboardPeriod:
    """The 52 weeks the dashboard shows, Monday to Monday, ending with the current week."""

    weeks: list[date] = field(default_factory=list)

    @property
    def since(self) -> date:
        return self.weeks[0]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def last_year_weeks(today: date | None = None) -> DashboardPeriod:
    """The Mondays of the last 52 weeks (the current week last), in the current time zone."""
    this_week = monday_of(today or timezone.localdate())
    return DashboardPeriod(weeks=[this_week - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)])


def start_of(day: date) -> datetime:
    """Midnight at the start of `day` in the current time zone (for filtering datetimes)."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value  # type: ignore[no-any-return]


def weekly_counts(
    queryset: QuerySet[Any], field_name: str, *, since: date, value: Any = None
) -> dict[date, int]:
    """`value` (default: the number of rows) of `queryset` per week of `field_name`, from
    the week of `since` on: one grouped query."""
    aggregate = value if value is not None else Count("pk")
    if _is_date_field(queryset, field_name):
        lower: Any = since
    else:
        lower = start_of(since)
    rows = (
        queryset.filter(**{f"{field_name}__gte": lower})
        .annotate(lq_week=TruncWeek(field_name))
        .order_by()
        .values("lq_week")
        .annotate(lq_value=aggregate)
        .values_list("lq_week", "lq_value")
    )
    return {_as_date(week): int(amount or 0) for week, amount in rows}


def _is_date_field(queryset: QuerySet[Any], field_name: str) -> bool:
    from django.db.models import DateField, DateTimeField

    model_field = queryset.model._meta.get_field(field_name.split("__")[0])
    return isinstance(model_field, DateField) and not isinstance(model_field, DateTimeField)


def series_values(series: WeeklySeries, period: DashboardPeriod) -> list[int]:
    """The series' value of every week of the period, in order (0 where nothing happened)."""
    return [int(series.weeks.get(week, 0)) for week in period.weeks]


def series_of(sections: Sequence[DashboardSection]) -> list[WeeklySeries]:
    return [series for section in sections for series in section.series]


__all__ = [
    "DashboardPeriod",
    "DashboardSection",
    "Headline",
    "TopItem",
    "Unit",
    "WeeklySeries",
    "last_year_weeks",
    "monday_of",
    "series_of",
    "series_values",
    "start_of",
    "weekly_counts",
]
