"""Reads of the LQ Fonds. Every figure is a sum or count of ledger rows (billing.fees)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from billing.fees import selectors as fees
from portal.letters.periods import town_today

MONTHS = 12


@dataclass(frozen=True)
class FundSummary:
    """The fund's balance and how many orders' fees stand in it."""

    balance_cents: int
    contributing_orders: int


@dataclass(frozen=True)
class MonthFigure:
    """What the shop's fees brought the fund in one month (fees minus reversals)."""

    month: date  # the first day of the month
    cents: int


@dataclass(frozen=True)
class FundOverview:
    """The fund page's figures: the summary and the last months, oldest first."""

    summary: FundSummary
    months: list[MonthFigure]


def fund_summary() -> FundSummary:
    """The fund's balance and contributing orders (three small queries)."""
    return FundSummary(
        balance_cents=fees.fund_balance(), contributing_orders=fees.contributing_orders()
    )


def last_months(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the `count` months up to today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [date(n // 12, n % 12 + 1, 1) for n in range(index - count + 1, index + 1)]


def fund_overview(*, today: date | None = None) -> FundOverview:
    """The summary and the contributions of each of the last 12 months (0 where none)."""
    months = last_months(today or town_today())
    per_month = fees.contributions_per_month(since=months[0])
    return FundOverview(
        summary=fund_summary(),
        months=[MonthFigure(month=month, cents=per_month.get(month, 0)) for month in months],
    )
