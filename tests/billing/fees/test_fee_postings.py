"""An order's fund fee on the ledger: posted once, reversed once, read back as the fund's
balance, its contributing orders, its months and a provider's monthly statement."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum

from billing.fees import selectors, services
from billing.ledger import selectors as ledger_selectors
from billing.ledger.models import Entry, OwnerKind, Transaction
from billing.ledger.services import IdempotencyConflict

pytestmark = pytest.mark.django_db

MARCH = datetime(2026, 3, 10, 12, tzinfo=UTC)
APRIL = datetime(2026, 4, 2, 9, tzinfo=UTC)


def _immediate() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_fee_debits_the_provider_and_credits_the_fund(in_town_a):
    # when a 2.50 EUR fee is posted for an order
    posted = services.post_order_fee(
        order_key="o-1", provider_key="maler-mueller", amount_cents=250, at=MARCH
    )
    _immediate()
    # then one balanced transaction under the order's key moved the cents
    assert posted.key == "shop-fee:o-1" and posted.created_at == MARCH
    receivable = services.receivable_account("maler-mueller")
    assert receivable.owner_kind == OwnerKind.PROVIDER and receivable.purpose == "fee-receivable"
    assert ledger_selectors.balance_of(receivable) == -250
    assert selectors.fund_balance() == 250
    assert services.fund_account().owner_kind == OwnerKind.FUND
    assert selectors.contributing_orders() == 1


def test_posting_twice_returns_the_same_transaction(in_town_a):
    first = services.post_order_fee(order_key="o-1", provider_key="p", amount_cents=250, at=MARCH)
    again = services.post_order_fee(order_key="o-1", provider_key="p", amount_cents=250, at=APRIL)
    assert again == first
    assert Transaction.objects.count() == 1 and selectors.fund_balance() == 250


@pytest.mark.parametrize("change", [{"amount_cents": 300}, {"provider_key": "other"}])
def test_another_fee_for_the_same_order_is_refused(in_town_a, change):
    services.post_order_fee(order_key="o-1", provider_key="p", amount_cents=250)
    with pytest.raises(IdempotencyConflict, match="already used for a different posting"):
        services.post_order_fee(
            **{"order_key": "o-1", "provider_key": "p", "amount_cents": 250, **change}
        )
    assert selectors.fund_balance() == 250 and Transaction.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount_cents": 0}, "more than zero"),
        ({"amount_cents": -5}, "more than zero"),
        ({"amount_cents": 1_000_001}, "at most 10,000.00 EUR"),
        ({"amount_cents": 2.5}, "whole number of cents"),
        ({"amount_cents": True}, "whole number of cents"),
        ({"order_key": ""}, "order key"),
        ({"order_key": "x" * 101}, "order key"),
        ({"order_key": "a\x00b"}, "order key"),
        ({"provider_key": "  "}, "provider key"),
        ({"provider_key": "p" * 101}, "provider key"),
    ],
)
def test_bad_fee_postings_are_refused_and_change_nothing(in_town_a, fields, message):
    with pytest.raises(ValidationError, match=message):
        services.post_order_fee(
            **{"order_key": "o", "provider_key": "p", "amount_cents": 1, **fields}
        )
    assert Transaction.objects.count() == 0 and Entry.objects.count() == 0


def test_a_reversal_is_posted_once_and_never_edits_the_fee(in_town_a):
    fee = services.post_order_fee(order_key="o-1", provider_key="p", amount_cents=250, at=MARCH)
    # when the order is cancelled after the fee was posted, twice with different reasons
    reversal = services.reverse_order_fee(order_key="o-1", reason="Cancelled by the resident")
    again = services.reverse_order_fee(order_key="o-1", reason="clicked twice")
    _immediate()
    # then one mirror image stands beside the untouched fee
    assert reversal is not None and again == reversal
    assert reversal.key == "shop-fee:o-1:reversal" and reversal.reverses_id == fee.pk
    assert "Cancelled by the resident" in reversal.memo
    assert sorted(fee.entries.values_list("amount", flat=True)) == [-250, 250]
    assert selectors.fund_balance() == 0
    assert ledger_selectors.balance_of(services.receivable_account("p")) == 0
    assert selectors.contributing_orders() == 0
    assert Transaction.objects.count() == 2


def test_reversing_an_order_without_a_fee_posts_nothing(in_town_a):
    assert services.reverse_order_fee(order_key="never-due", reason="Declined") is None
    assert Transaction.objects.count() == 0


@pytest.mark.parametrize("reason", ["", "   ", "x" * 151, "bad\x07bell"])
def test_a_reversal_needs_a_readable_reason(in_town_a, reason):
    services.post_order_fee(order_key="o-1", provider_key="p", amount_cents=250)
    with pytest.raises(ValidationError, match="Give a reason"):
        services.reverse_order_fee(order_key="o-1", reason=reason)
    assert selectors.fund_balance() == 250 and Transaction.objects.count() == 1


def test_the_database_refuses_to_edit_a_posted_fee(in_town_a):
    fee = services.post_order_fee(order_key="o-1", provider_key="p", amount_cents=250)
    _immediate()
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        Entry.objects.filter(transaction=fee).update(amount=1)
    assert selectors.fund_balance() == 250


def test_months_and_statements_add_up_to_the_entries(in_town_a):
    # given fees of two providers in March and April, one March fee reversed in April
    services.post_order_fee(order_key="m1", provider_key="p", amount_cents=250, at=MARCH)
    services.post_order_fee(order_key="m2", provider_key="q", amount_cents=700, at=MARCH)
    services.post_order_fee(order_key="a1", provider_key="p", amount_cents=120, at=APRIL)
    with transaction.atomic():
        reversal = services.reverse_order_fee(order_key="m1", reason="Cancelled")
    assert reversal is not None
    # the reversal is dated now: its month is read in the town's time zone
    reversal_month = reversal.created_at.astimezone(ZoneInfo(in_town_a.time_zone))
    _immediate()
    months = selectors.contributions_per_month()
    assert months[date(2026, 3, 1)] == 950
    assert sum(months.values()) == selectors.fund_balance() == 820
    fund_sum = Entry.objects.filter(account=services.fund_account()).aggregate(t=Sum("amount"))
    assert fund_sum["t"] == selectors.fund_balance()
    assert selectors.contributing_orders() == 2
    # the provider's March statement: the fee; April: its own fee (the reversal is in the
    # month it was posted)
    march = selectors.provider_fees_for_month(provider_key="p", year=2026, month=3)
    assert [(line.order_key, line.cents, line.is_reversal) for line in march.lines] == [
        ("m1", 250, False)
    ]
    assert march.total_cents == 250
    april = selectors.provider_fees_for_month(provider_key="p", year=2026, month=4)
    assert [(line.order_key, line.cents) for line in april.lines] == [("a1", 120)]
    now = selectors.provider_fees_for_month(
        provider_key="p", year=reversal_month.year, month=reversal_month.month
    )
    assert ("m1", -250, True) in [(ln.order_key, ln.cents, ln.is_reversal) for ln in now.lines]
    assert selectors.provider_fees_for_month(provider_key="q", year=2026, month=4).lines == []


def test_contributions_per_month_is_one_query(in_town_a, django_assert_num_queries):
    for number in range(5):
        services.post_order_fee(
            order_key=f"o{number}", provider_key="p", amount_cents=100, at=MARCH
        )
    services.post_order_fee(order_key="late", provider_key="p", amount_cents=100, at=APRIL)
    with django_assert_num_queries(1):
        months = selectors.contributions_per_month(since=date(2026, 4, 15))
    assert months == {date(2026, 4, 1): 100}


def test_a_month_is_the_towns_calendar_month(in_town_a):
    # 23:30 UTC on 31 March is 1 April in Berlin (summer time)
    late = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)
    services.post_order_fee(order_key="edge", provider_key="p", amount_cents=100, at=late)
    assert selectors.contributions_per_month() == {date(2026, 4, 1): 100}
    assert selectors.provider_fees_for_month(provider_key="p", year=2026, month=3).lines == []
    april = selectors.provider_fees_for_month(provider_key="p", year=2026, month=4)
    assert april.total_cents == 100


def test_a_fee_in_town_a_is_not_in_town_b(town_a, town_b):
    from django_tenants.utils import tenant_context

    with tenant_context(town_a):
        services.post_order_fee(order_key="o-1", provider_key="p", amount_cents=250)
    with tenant_context(town_b):
        assert selectors.fund_balance() == 0 and selectors.contributing_orders() == 0
        assert services.reverse_order_fee(order_key="o-1", reason="Cancelled") is None
