"""A business's monthly fee statement: what its orders paid into the town's LQ Fonds.

`fee_statement` reads the month's fee postings and reversals from the ledger
(`billing.fees.selectors.provider_fees_for_month`) and the orders they belong to, and returns
a frozen `FeeStatement`. The page, the PDF, and later the billing issue's Stripe invoice all
use that one value as it is: the total is the sum of the ledger's entries, each line names
its ledger key (an invoice line's idempotency key) and its order, and `is_final` says whether
the month is over (a closed month never changes: a later reversal counts in its own month).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.utils import timezone

from billing.fees.selectors import provider_fees_for_month
from portal.letters.periods import town_zone
from tenants.current import current_town

from .models import Order, Provider

CURRENCY = "EUR"


class NoStatement(LookupError):
    """The business has no statement for that month: before it existed, or still to come."""


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)


@dataclass(frozen=True)
class StatementLine:
    """A fee (positive) or a reversal of one (negative), as the ledger posted it."""

    posted_at: datetime
    order_number: str  # printed on the written order, e.g. "LQ-7K3F-9QXA"
    order_key: str  # the order's public id
    offer_title: str  # as agreed in the order
    cents: int
    is_reversal: bool
    ledger_key: str  # unique in the town's ledger


@dataclass(frozen=True)
class FeeStatement:
    number: str  # "<business slug>-2026-11": unique per business and month
    town_name: str
    provider_key: str  # the business's public id (its account in the ledger)
    provider_name: str
    provider_slug: str
    period: Month
    lines: tuple[StatementLine, ...]
    total_cents: int  # what the month adds to the amount due: fees minus reversals
    is_final: bool  # the month is over, so the statement no longer changes
    currency: str = CURRENCY
    earliest: Month | None = None  # the first month with a statement (for navigation)
    latest: Month | None = None  # the current month

    @property
    def previous(self) -> Month | None:
        month = self.period.previous()
        return month if self.earliest is not None and month >= self.earliest else None

    @property
    def next(self) -> Month | None:
        month = self.period.next()
        return month if self.latest is not None and month <= self.latest else None


def statement_number(provider: Provider, period: Month) -> str:
    """The statement's number, e.g. "maler-keller-2026-11"."""
    return f"{provider.slug}-{period.year:04d}-{period.month:02d}"


def statement_months(provider: Provider) -> tuple[Month, Month]:
    """The first and the last month the business has a statement for: from the month its
    profile was made to the current one, in the town's calendar."""
    zone = town_zone()
    first = Month.of(timezone.localdate(provider.created_at, zone))
    return first, Month.of(timezone.localdate(timezone.now(), zone))


def _uuids(keys: Iterable[str]) -> set[UUID]:
    found = set()
    for key in keys:
        try:
            found.add(UUID(key))
        except ValueError:  # a fee keyed otherwise has no order to name
            continue
    return found


def fee_statement(*, provider: Provider, year: int, month: int) -> FeeStatement:
    """The business's fee statement for the month (two queries); `NoStatement` for a month
    before its profile existed, in the future, or no month at all."""
    if not 1 <= month <= 12 or not 1 <= year <= 9998:
        raise NoStatement
    period = Month(year, month)
    earliest, latest = statement_months(provider)
    if not earliest <= period <= latest:
        raise NoStatement
    fees = provider_fees_for_month(provider_key=str(provider.public_id), year=year, month=month)
    orders = {
        str(public_id): (number, title)
        for public_id, number, title in Order.objects.filter(
            provider=provider, public_id__in=_uuids(line.order_key for line in fees.lines)
        ).values_list("public_id", "number", "offer_title")
    }
    lines = tuple(
        StatementLine(
            posted_at=line.posted_at,
            order_number=orders.get(line.order_key, ("", ""))[0],
            order_key=line.order_key,
            offer_title=orders.get(line.order_key, ("", ""))[1],
            cents=line.cents,
            is_reversal=line.is_reversal,
            ledger_key=line.ledger_key,
        )
        for line in fees.lines
    )
    town = current_town()
    return FeeStatement(
        number=statement_number(provider, period),
        town_name=town.name if town is not None else "",
        provider_key=str(provider.public_id),
        provider_name=provider.name,
        provider_slug=provider.slug,
        period=period,
        lines=lines,
        total_cents=fees.total_cents,
        is_final=period < latest,
        earliest=earliest,
        latest=latest,
    )
