"""The organisation's figures for one service, per month for the last 12 months: requests,
rides, what became of the people who looked (the unmet demand, per rule that refused them)
and the helpers' hours. Four queries, however much happened."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth

from portal.letters.periods import town_today, town_zone

from .models import DemandEvent, DemandStep, HelpRequest, RequestStatus, Ride, Rule, Service
from .models_rides import RideStatus

MONTHS = 12
UNMET = (RequestStatus.REFUSED, RequestStatus.CANCELLED)


@dataclass
class MonthFigures:
    month: date
    requests: int = 0
    rides: int = 0
    unmet_requests: int = 0
    looked: int = 0
    started: int = 0
    requested: int = 0
    refused: dict[str, int] = field(default_factory=dict)  # rule → people
    hours: Decimal = Decimal("0")

    @property
    def refused_total(self) -> int:
        return sum(self.refused.values())

    def refused_by(self, rule: str) -> int:
        return self.refused.get(rule, 0)


def _months(today: date) -> list[date]:
    first = today.replace(day=1)
    found = []
    year, month = first.year, first.month
    for _ in range(MONTHS):
        found.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(found))


def _as_date(value: date) -> date:
    """The first day of the month of a truncated date or (town time) datetime."""
    if isinstance(value, datetime):
        return value.astimezone(town_zone()).date().replace(day=1)
    return value.replace(day=1)


def service_figures(service: Service, *, today: date | None = None) -> list[MonthFigures]:
    """The last 12 months of `service`, oldest first."""
    today = today or town_today()
    months = _months(today)
    rows = {month: MonthFigures(month=month) for month in months}
    since = months[0]
    zone = town_zone()

    for row in (
        HelpRequest.objects.filter(service=service, needed_on__gte=since)
        .annotate(m=TruncMonth("needed_on"))
        .values("m")
        .annotate(
            total=Count("pk"),
            unmet=Count("pk", filter=Q(status__in=UNMET)),
            hours=Sum("hours", filter=Q(status=RequestStatus.DONE)),
        )
    ):
        figures = rows.get(_as_date(row["m"]))
        if figures is not None:
            figures.requests = row["total"]
            figures.unmet_requests = row["unmet"]
            figures.hours += row["hours"] or Decimal("0")

    for ride_row in (
        Ride.objects.filter(service=service, starts_at__date__gte=since)
        .annotate(m=TruncMonth("starts_at", tzinfo=zone))
        .values("m")
        .annotate(
            total=Count("pk"),
            driven=Sum(
                ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField()),
                filter=Q(status=RideStatus.DONE),
            ),
        )
    ):
        figures = rows.get(_as_date(ride_row["m"]))
        if figures is not None:
            figures.rides = ride_row["total"]
            if ride_row["driven"]:
                figures.hours += Decimal(ride_row["driven"].total_seconds() / 3600).quantize(
                    Decimal("0.01")
                )

    demand: dict[date, dict[tuple[str, str], int]] = defaultdict(dict)
    for demand_row in (
        DemandEvent.objects.filter(service=service, month__gte=since)
        .values("month", "step", "rule")
        .annotate(people=Count("pk"))
    ):
        demand[demand_row["month"]][(demand_row["step"], demand_row["rule"])] = demand_row["people"]
    for month, counts in demand.items():
        figures = rows.get(month)
        if figures is None:
            continue
        figures.looked = counts.get((DemandStep.LOOKED, ""), 0)
        figures.started = counts.get((DemandStep.STARTED, ""), 0)
        figures.requested = counts.get((DemandStep.REQUESTED, ""), 0)
        figures.refused = {
            rule: people for (step, rule), people in counts.items() if step == DemandStep.REFUSED
        }
    return [rows[month] for month in months]


RULES = tuple(Rule.values)
