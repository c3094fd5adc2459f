"""Reads of the fund fee. Every figure is a sum or count of ledger rows, never a stored total.

Months are calendar months in the town's time zone. A reversal counts in the month it was
posted (so the months add up to the balance, and a closed month's statement never changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Case, Sum, Value, When
from django.db.models.functions import TruncMonth

from billing.ledger import selectors as ledger_selectors
from billing.ledger.models import Entry, OwnerKind, Transaction, Unit
from portal.letters.periods import town_zone

from .payouts import PAYABLE, PAYMENT_PREFIX, PAYOUT_PREFIX
from .services import FUND, KEY_PREFIX, RECEIVABLE, order_key_of


def _month_bounds(year: int, month: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, end


def fund_balance() -> int:
    """The LQ Fonds' balance in cents: the sum of the fund account's entries."""
    account = ledger_selectors.find_account(
        unit=Unit.EURO_CENTS, owner_kind=OwnerKind.FUND, purpose=FUND
    )
    return ledger_selectors.balance_of(account) if account is not None else 0


def contributing_orders() -> int:
    """How many orders' fees stand (posted and not reversed)."""
    return Transaction.objects.filter(
        key__startswith=KEY_PREFIX, reverses__isnull=True, reversed_by__isnull=True
    ).count()


def contributions_per_month(*, since: date | None = None) -> dict[date, int]:
    """Net cents the shop's fees brought the fund per month (first day of the month ->
    cents, fees minus reversals posted in that month), oldest first; one grouped query.
    Months without postings are absent."""
    zone = town_zone()
    entries = Entry.objects.filter(
        account__unit=Unit.EURO_CENTS,
        account__owner_kind=OwnerKind.FUND,
        account__purpose=FUND,
        transaction__key__startswith=KEY_PREFIX,
    )
    if since is not None:
        entries = entries.filter(created_at__gte=datetime(since.year, since.month, 1, tzinfo=zone))
    rows = (
        entries.annotate(month=TruncMonth("created_at", tzinfo=zone))
        .order_by()
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by("month")
        .values_list("month", "total")
    )
    return {month.date(): int(total) for month, total in rows}


@dataclass(frozen=True)
class FeeLine:
    """One line of a provider's statement: a fee (positive) or its reversal (negative)."""

    order_key: str
    posted_at: datetime
    cents: int
    is_reversal: bool
    ledger_key: str


@dataclass(frozen=True)
class ProviderMonth:
    """A provider's fees posted in one month; `total_cents` is what the month adds to the
    amount due (fees minus reversals)."""

    provider_key: str
    year: int
    month: int
    lines: list[FeeLine]

    @property
    def total_cents(self) -> int:
        return sum(line.cents for line in self.lines)


def provider_fees_for_month(*, provider_key: str, year: int, month: int) -> ProviderMonth:
    """The provider's fee postings in the month, oldest first (one query)."""
    start, end = _month_bounds(year, month, town_zone())
    entries = (
        Entry.objects.filter(
            account__unit=Unit.EURO_CENTS,
            account__owner_kind=OwnerKind.PROVIDER,
            account__owner_key=provider_key,
            account__purpose=RECEIVABLE,
            transaction__key__startswith=KEY_PREFIX,
            created_at__gte=start,
            created_at__lt=end,
        )
        .select_related("transaction")
        .order_by("created_at", "id")
    )
    lines = [
        FeeLine(
            order_key=order_key_of(entry.transaction.key),
            posted_at=entry.created_at,
            # the receivable's entry is negative for a fee (owed), positive for a reversal
            cents=-entry.amount,
            is_reversal=entry.transaction.reverses_id is not None,
            ledger_key=entry.transaction.key,
        )
        for entry in entries
    ]
    return ProviderMonth(provider_key=provider_key, year=year, month=month, lines=lines)


def fund_contributions() -> int:
    """Everything the shop's fees brought the fund, net of reversals (cents)."""
    total = Entry.objects.filter(
        account__unit=Unit.EURO_CENTS,
        account__owner_kind=OwnerKind.FUND,
        account__purpose=FUND,
        transaction__key__startswith=KEY_PREFIX,
    ).aggregate(total=Sum("amount"))["total"]
    return int(total or 0)


def fund_payouts_total() -> int:
    """Everything the fund paid out to projects (cents, positive)."""
    total = Entry.objects.filter(
        account__unit=Unit.EURO_CENTS,
        account__owner_kind=OwnerKind.FUND,
        account__purpose=FUND,
        transaction__key__startswith=PAYOUT_PREFIX,
    ).aggregate(total=Sum("amount"))["total"]
    return -int(total or 0)


def payout_owed(*, payout_id: str) -> int:
    """What the town still owes for one payout: its payable's entries under its keys."""
    total = Entry.objects.filter(
        account__purpose=PAYABLE,
        transaction__key__in=[f"{PAYOUT_PREFIX}{payout_id}", f"{PAYMENT_PREFIX}{payout_id}"],
    ).aggregate(total=Sum("amount"))["total"]
    return int(total or 0)


def providers_with_fees_in_month(*, year: int, month: int) -> list[str]:
    """The keys of the providers with fee postings (or reversals) in the month (one query)."""
    start, end = _month_bounds(year, month, town_zone())
    return list(
        Entry.objects.filter(
            account__unit=Unit.EURO_CENTS,
            account__owner_kind=OwnerKind.PROVIDER,
            account__purpose=RECEIVABLE,
            transaction__key__startswith=KEY_PREFIX,
            created_at__gte=start,
            created_at__lt=end,
        )
        .order_by()
        .values_list("account__owner_key", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class FundMonth:
    """The fund's account in one month (town time): what came in from the shop's fees, what
    was paid out to projects, any other posting, and the balance at the month's end."""

    month: date
    fees_cents: int
    payouts_cents: int  # negative: money that left the fund
    other_cents: int
    balance_cents: int


def fund_months() -> list[FundMonth]:
    """Every month with postings on the fund's account, oldest first, in one grouped query;
    a reversal counts in the month it was posted, so the balances add up."""
    kind = Case(
        When(transaction__key__startswith=KEY_PREFIX, then=Value("fees")),
        When(transaction__key__startswith=PAYOUT_PREFIX, then=Value("payouts")),
        default=Value("other"),
    )
    rows = (
        Entry.objects.filter(
            account__unit=Unit.EURO_CENTS, account__owner_kind=OwnerKind.FUND, account__purpose=FUND
        )
        .annotate(month=TruncMonth("created_at", tzinfo=town_zone()), kind=kind)
        .order_by()
        .values("month", "kind")
        .annotate(total=Sum("amount"))
        .values_list("month", "kind", "total")
    )
    totals: dict[date, dict[str, int]] = {}
    for month, what, total in rows:
        totals.setdefault(month.date(), {})[what] = int(total)
    months, balance = [], 0
    for month in sorted(totals):
        sums = totals[month]
        balance += sum(sums.values())
        months.append(
            FundMonth(
                month=month,
                fees_cents=sums.get("fees", 0),
                payouts_cents=sums.get("payouts", 0),
                other_cents=sums.get("other", 0),
                balance_cents=balance,
            )
        )
    return months
