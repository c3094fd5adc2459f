"""Reads of the comparison: two to four public offers of one category side by side, with
each business's median response time and next free weekday."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Offer, Order, OrderStatus
from .selectors_offers import public_offers
from .selectors_response import response_times

MIN_COMPARED, MAX_COMPARED = 2, 4
# How far ahead the comparison looks for a weekday without appointments.
FREE_DAY_HORIZON = 14
BUSY = (OrderStatus.ACCEPTED, OrderStatus.CONFIRMED)


def next_free_weekdays(
    provider_ids: Iterable[int], *, today: date | None = None
) -> dict[int, date | None]:
    """Each provider's first weekday (Monday to Friday, from tomorrow on, within 14 days)
    without an accepted or confirmed appointment; None when every one is taken. One query."""
    ids = list(provider_ids)
    first = (today or timezone.localdate()) + timedelta(days=1)
    last = first + timedelta(days=FREE_DAY_HORIZON - 1)
    busy_rows = (
        Order.objects.filter(
            provider_id__in=ids,
            status__in=BUSY,
            appointment_start__date__gte=first,
            appointment_start__date__lte=last,
        )
        .annotate(day=TruncDate("appointment_start"))
        .order_by()
        .values_list("provider_id", "day")
        .distinct()
    )
    busy: dict[int, set[date]] = defaultdict(set)
    for pk, day in busy_rows:
        busy[pk].add(day)
    days = [first + timedelta(days=n) for n in range(FREE_DAY_HORIZON)]
    weekdays = [day for day in days if day.weekday() < 5]
    return {pk: next((d for d in weekdays if d not in busy[pk]), None) for pk in ids}


@dataclass(frozen=True)
class ComparedOffer:
    offer: Offer
    response_minutes: int | None
    next_free_day: date | None


@dataclass(frozen=True)
class Comparison:
    offers: list[ComparedOffer]
    problem: str = ""


def _ids(raw: Sequence[str]) -> list[UUID] | None:
    try:
        return list(dict.fromkeys(UUID(str(value)) for value in raw))
    except ValueError:
        return None


def compare_offers(raw_ids: Sequence[str]) -> Comparison:
    """The offers named by `raw_ids` side by side, in the order given, or a problem to show
    (not 2 to 4, one of them not public, more than one category). Three queries."""
    ids = _ids(raw_ids[: MAX_COMPARED + 1])
    if ids is None or len(raw_ids) > MAX_COMPARED or len(ids) < MIN_COMPARED:
        return Comparison(
            [],
            _("Please choose between %(min)d and %(max)d offers to compare.")
            % {"min": MIN_COMPARED, "max": MAX_COMPARED},
        )
    found = {offer.public_id: offer for offer in public_offers().filter(public_id__in=ids)}
    if len(found) != len(ids):
        return Comparison([], _("One of the offers is no longer available. Please choose again."))
    offers = [found[pk] for pk in ids]
    if len({offer.category_id for offer in offers}) > 1:
        return Comparison(
            [],
            _(
                "Only offers of one category can be compared. Please choose offers of the same category."
            ),
        )
    provider_ids = {offer.provider_id for offer in offers}
    responses = response_times(provider_ids)
    free = next_free_weekdays(provider_ids)
    return Comparison(
        [
            ComparedOffer(o, responses[o.provider_id].median_minutes, free[o.provider_id])
            for o in offers
        ]
    )
