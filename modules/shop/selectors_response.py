"""How fast a business answers: the one figure the dashboard, the comparison and any other
page show (median of answered_at - requested_at over the answered orders of 90 days)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, DurationField, F
from django.db.models.aggregates import Aggregate
from django.db.models.expressions import CombinedExpression, ExpressionWrapper
from django.utils import timezone

from .models import Order

RESPONSE_DAYS = 90


class Median(Aggregate):
    """PostgreSQL's `percentile_cont(0.5)`: the median of an interval column."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


@dataclass(frozen=True)
class ResponseTime:
    """How fast a business answered (accepted or declined) requests of the last 90 days."""

    answered: int
    median_minutes: int | None  # None when it answered nothing yet


def _answer_time() -> ExpressionWrapper[CombinedExpression]:
    return ExpressionWrapper(F("answered_at") - F("requested_at"), output_field=DurationField())


def response_times(provider_ids: Iterable[int]) -> dict[int, ResponseTime]:
    """Per provider id, its median answer time over the last 90 days: one grouped query."""
    ids = list(provider_ids)
    rows = (
        Order.objects.filter(
            provider_id__in=ids,
            answered_at__isnull=False,
            requested_at__gte=timezone.now() - timedelta(days=RESPONSE_DAYS),
        )
        .order_by()
        .values("provider_id")
        .annotate(answered=Count("pk"), median=Median(_answer_time()))
        .values_list("provider_id", "answered", "median")
    )
    found = {
        provider_id: ResponseTime(
            answered=answered, median_minutes=round(median.total_seconds() / 60)
        )
        for provider_id, answered, median in rows
    }
    return {pk: found.get(pk, ResponseTime(answered=0, median_minutes=None)) for pk in ids}
