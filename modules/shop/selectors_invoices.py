"""Reads of the providers' fee invoices: the month's invoice of a statement, the town
administrators' list, the open invoices the reconciliation asks Stripe about, and the check
that the ledger's provider receivables are what the invoices say."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from billing.fees.services import KEY_PREFIX, RECEIVABLE
from billing.ledger.models import Entry, OwnerKind, Unit
from portal.letters.periods import town_zone

from .models import Provider
from .models_invoices import ProviderInvoice
from .statements import Month

State = ProviderInvoice.State
# States whose month the invoice covers: its fees are on an invoice (or a credit).
COVERING = (State.ISSUED, State.PAID, State.UNCOLLECTIBLE, State.CREDIT, State.VOID)
# States in which Stripe still expects the money.
OPEN = (State.ISSUED, State.UNCOLLECTIBLE)


def invoice_for(*, provider: Provider, period: Month) -> ProviderInvoice | None:
    """The provider's invoice row for the month, if the monthly run made one."""
    return ProviderInvoice.objects.filter(
        provider=provider, year=period.year, month=period.month
    ).first()


def invoice_of_statement(*, provider_key: str, period: Month) -> ProviderInvoice | None:
    """The invoice row of a fee statement (by the business's public id), if there is one."""
    return ProviderInvoice.objects.filter(
        provider__public_id=provider_key, year=period.year, month=period.month
    ).first()


def town_invoices(*, months: int = 12) -> list[ProviderInvoice]:
    """The town's invoice rows of the last `months` invoiced months, newest month first,
    providers by name (one query)."""
    recent = list(
        ProviderInvoice.objects.order_by("-year", "-month")
        .values_list("year", "month")
        .distinct()[:months]
    )
    if not recent:
        return []
    oldest = recent[-1]
    return list(
        ProviderInvoice.objects.select_related("provider")
        .exclude(year__lt=oldest[0])
        .exclude(year=oldest[0], month__lt=oldest[1])
        .order_by("-year", "-month", "provider__name", "pk")
    )


def open_invoices() -> list[tuple[str, str, int]]:
    """The fee invoices Stripe should hold as not final: (stripe id, status, amount due)."""
    rows = (
        ProviderInvoice.objects.exclude(stripe_invoice_id="")
        .filter(state__in=(State.PENDING, *OPEN))
        .order_by("pk")
        .values_list("stripe_invoice_id", "stripe_status", "total_cents")
    )
    return [(stripe_id, status, int(amount)) for stripe_id, status, amount in rows]


@dataclass(frozen=True)
class ReceivableDifference:
    provider_key: str
    ledger_owed_cents: int  # what the provider owes by the ledger (minus its receivable)
    expected_cents: int  # open invoices + fees not yet invoiced - credit not yet used


@dataclass(frozen=True)
class ReceivablesCheck:
    ledger_owed_cents: int
    expected_cents: int
    differences: Sequence[ReceivableDifference]

    @property
    def balanced(self) -> bool:
        return not self.differences


def _owed_by_ledger() -> dict[str, int]:
    rows = (
        Entry.objects.filter(
            account__unit=Unit.EURO_CENTS,
            account__owner_kind=OwnerKind.PROVIDER,
            account__purpose=RECEIVABLE,
        )
        .order_by()
        .values("account__owner_key")
        .annotate(total=Sum("amount"))
        .values_list("account__owner_key", "total")
    )
    return {key: -int(total) for key, total in rows}


def _fees_by_month() -> dict[str, dict[tuple[int, int], int]]:
    rows = (
        Entry.objects.filter(
            account__unit=Unit.EURO_CENTS,
            account__owner_kind=OwnerKind.PROVIDER,
            account__purpose=RECEIVABLE,
            transaction__key__startswith=KEY_PREFIX,
        )
        .annotate(month=TruncMonth("created_at", tzinfo=town_zone()))
        .order_by()
        .values("account__owner_key", "month")
        .annotate(total=Sum("amount"))
        .values_list("account__owner_key", "month", "total")
    )
    found: dict[str, dict[tuple[int, int], int]] = defaultdict(dict)
    for key, month, total in rows:
        found[key][(month.year, month.month)] = -int(total)
    return found


def receivables_check() -> ReceivablesCheck:
    """Whether each provider's fee receivable in the ledger equals its open invoices' amounts
    plus its fees not yet on an invoice, less the credit not yet taken off one (four
    queries). After the reconciliation every difference is a fault to look at (e.g. a
    voided invoice whose fees nobody reversed)."""
    owed = _owed_by_ledger()
    fees = _fees_by_month()
    expected: dict[str, int] = defaultdict(int)
    covered: dict[str, set[tuple[int, int]]] = defaultdict(set)
    rows = ProviderInvoice.objects.values_list(
        "provider__public_id",
        "year",
        "month",
        "state",
        "total_cents",
        "carried_in_cents",
        "credit_cents",
        "credit_taken_by_id",
    )
    for public_id, year, month, state, total, carried_in, credit, taken_by in rows:
        key = str(public_id)
        if state in COVERING:
            covered[key].add((year, month))
        if state in OPEN:
            expected[key] += total
        elif state == State.PENDING:
            expected[key] += carried_in  # its fees count below, as not yet invoiced
        elif state == State.CREDIT and taken_by is None:
            expected[key] -= credit
    for key, months in fees.items():
        expected[key] += sum(cents for month, cents in months.items() if month not in covered[key])
    differences = [
        ReceivableDifference(
            provider_key=key,
            ledger_owed_cents=owed.get(key, 0),
            expected_cents=expected.get(key, 0),
        )
        for key in sorted(set(owed) | set(expected))
        if owed.get(key, 0) != expected.get(key, 0)
    ]
    return ReceivablesCheck(
        ledger_owed_cents=sum(owed.values()),
        expected_cents=sum(expected.values()),
        differences=differences,
    )
