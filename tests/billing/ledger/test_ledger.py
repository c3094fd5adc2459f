"""The generic ledger: balanced per unit, immutable, idempotent, corrected by reversal."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from billing.ledger import selectors, services
from billing.ledger.models import Account, Entry, OwnerKind, Transaction, Unit

pytestmark = pytest.mark.django_db


def _account(key: str, unit: str = Unit.EURO_CENTS) -> Account:
    return services.open_account(unit=unit, owner_kind=OwnerKind.CLEARING, owner_key=key)


def _immediate() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_post_moves_cents_and_balances_are_sums_of_entries(in_town_a):
    # given a customer clearing account and the community fund
    customer, fund = _account("customer"), _account("fund")
    # when an order fee of 1.50 EUR is posted
    posted = services.post(
        key="shop.order-fee:1", entries=[(customer, -150), (fund, 150)], memo="fee"
    )
    # then each balance is the sum of its entries
    assert selectors.balance_of(customer) == -150
    assert selectors.balance_of(fund) == 150
    assert selectors.balances_of([customer, fund]) == {customer.pk: -150, fund.pk: 150}
    assert sorted(posted.entries.values_list("amount", flat=True)) == [-150, 150]
    assert selectors.transaction_for(key="shop.order-fee:1") == posted


def test_open_account_returns_the_same_account(in_town_a):
    first = services.open_account(unit=Unit.MINUTES, owner_kind=OwnerKind.USER, owner_key="u1")
    again = services.open_account(unit=Unit.MINUTES, owner_kind=OwnerKind.USER, owner_key="u1")
    cents = services.open_account(unit=Unit.EURO_CENTS, owner_kind=OwnerKind.USER, owner_key="u1")
    assert first == again and cents != first


def test_retry_with_the_same_key_returns_the_first_posting(in_town_a):
    a, b = _account("a"), _account("b")
    first = services.post(key="k", entries=[(a, -5), (b, 5)])
    again = services.post(key="k", entries=[(b, 5), (a, -5)])  # order does not matter
    assert again == first
    assert Entry.objects.count() == 2 and selectors.balance_of(b) == 5


@pytest.mark.parametrize(
    "change",
    [
        {"entries": "amount"},
        {"entries": "account"},
        {"memo": "other memo"},
    ],
)
def test_the_same_key_with_another_payload_is_refused(in_town_a, change):
    a, b, c = _account("a"), _account("b"), _account("c")
    services.post(key="k", entries=[(a, -5), (b, 5)], memo="m")
    entries = [(a, -5), (b, 5)]
    if change.get("entries") == "amount":
        entries = [(a, -6), (b, 6)]
    elif change.get("entries") == "account":
        entries = [(a, -5), (c, 5)]
    with pytest.raises(services.IdempotencyConflict, match="already used"):
        services.post(key="k", entries=entries, memo=change.get("memo", "m"))
    assert Transaction.objects.count() == 1 and Entry.objects.count() == 2


def test_units_balance_separately(in_town_a):
    # given entries summing to zero overall, but across two units
    cents, minutes = _account("c"), _account("m", Unit.MINUTES)
    cents2, minutes2 = _account("c2"), _account("m2", Unit.MINUTES)
    with pytest.raises(ValidationError, match="do not balance"):
        services.post(key="k", entries=[(cents, -60), (minutes, 60)])
    posted = services.post(
        key="k2", entries=[(cents, -60), (cents2, 60), (minutes, -15), (minutes2, 15)]
    )
    assert posted.entries.count() == 4
    assert Transaction.objects.count() == 1


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([], "at least two"),
        ([("a", 0)], "at least two"),
        ([("a", -5), ("b", 4)], "do not balance"),
        ([("a", 0), ("b", 0)], "zero"),
        ([("a", -5), ("a", 5)], "only once"),
        ([("a", -1.5), ("b", 1.5)], "whole numbers"),
        ([("a", True), ("b", -1)], "whole numbers"),
        ([("a", "5"), ("b", -5)], "whole numbers"),
        ([("a", -(2**62)), ("b", 2**62)], "out of range"),
    ],
)
def test_bad_postings_are_refused(in_town_a, entries, message):
    accounts = {"a": _account("a"), "b": _account("b")}
    with pytest.raises(ValidationError, match=message):
        services.post(key="k", entries=[(accounts[name], amount) for name, amount in entries])
    assert Transaction.objects.count() == 0 and Entry.objects.count() == 0


@pytest.mark.parametrize(
    "key", ["", "   ", "x" * 201, None, 5, "a\x00b", "a\ud800", "a\nb", "\x07"]
)
def test_bad_keys_are_refused(in_town_a, key):
    a, b = _account("a"), _account("b")
    with pytest.raises(ValidationError, match="key"):
        services.post(key=key, entries=[(a, -1), (b, 1)])
    assert Transaction.objects.count() == 0


@pytest.mark.parametrize("memo", ["x" * 301, None, 5, "a\x00b", "\ud800", "\x1b[31m"])
def test_bad_memos_are_refused(in_town_a, memo):
    # a lone surrogate (from a JSON escape) once reached the driver: UnicodeEncodeError
    a, b = _account("a"), _account("b")
    with pytest.raises(ValidationError, match="memo"):
        services.post(key="k", entries=[(a, -1), (b, 1)], memo=memo)
    assert Transaction.objects.count() == 0


def test_memo_may_have_line_breaks_umlauts_and_markup(in_town_a):
    a, b = _account("a"), _account("b")
    memo = "Garten\nHecke <b>Müller</b> & 🙂"
    assert services.post(key="k", entries=[(a, -1), (b, 1)], memo=memo).memo == memo
    assert services.post(key="k", entries=[(a, -1), (b, 1)], memo=memo).memo == memo


def test_unsaved_account_is_refused(in_town_a):
    a = _account("a")
    with pytest.raises(ValidationError, match="saved accounts"):
        services.post(
            key="k",
            entries=[(a, -1), (Account(unit=Unit.EURO_CENTS, owner_kind="fund"), 1)],
        )


def test_reversal_mirrors_once_and_nets_to_zero(in_town_a):
    a, b = _account("a"), _account("b")
    original = services.post(key="k", entries=[(a, -70), (b, 70)])
    mirror = services.reverse(transaction=original, key="k:reversal")
    assert mirror.reverses == original
    assert selectors.balance_of(a) == 0 and selectors.balance_of(b) == 0
    # a retry of the same reversal returns it; another reversal is refused
    assert services.reverse(transaction=original, key="k:reversal") == mirror
    with pytest.raises(ValidationError, match="already been reversed"):
        services.reverse(transaction=original, key="k:again")
    with pytest.raises(ValidationError, match="cannot itself be reversed"):
        services.reverse(transaction=mirror, key="k:reversal:reversal")
    assert Transaction.objects.count() == 2


def test_reversal_key_used_by_another_posting_is_refused(in_town_a):
    a, b = _account("a"), _account("b")
    original = services.post(key="k", entries=[(a, -70), (b, 70)])
    services.post(key="taken", entries=[(a, -1), (b, 1)])
    with pytest.raises(services.IdempotencyConflict):
        services.reverse(transaction=original, key="taken")
    assert not Transaction.objects.filter(reverses=original).exists()


def test_database_refuses_an_unbalanced_transaction(in_town_a):
    a, b = _account("a"), _account("b")
    with pytest.raises(DatabaseError, match="not balanced"), transaction.atomic():
        txn = Transaction.objects.create(key="raw")
        Entry.objects.create(transaction=txn, account=a, amount=-60)
        Entry.objects.create(transaction=txn, account=b, amount=45)
        _immediate()
    assert Entry.objects.count() == 0


def test_database_refuses_balance_across_units(in_town_a):
    cents, minutes = _account("c"), _account("m", Unit.MINUTES)
    with pytest.raises(DatabaseError, match="not balanced"), transaction.atomic():
        txn = Transaction.objects.create(key="raw")
        Entry.objects.create(transaction=txn, account=cents, amount=-60)
        Entry.objects.create(transaction=txn, account=minutes, amount=60)
        _immediate()


@pytest.mark.parametrize("entries", [0, 1])
def test_database_refuses_a_transaction_with_fewer_than_two_entries(in_town_a, entries):
    a = _account("a")
    with pytest.raises(DatabaseError, match="at least 2"), transaction.atomic():
        txn = Transaction.objects.create(key="raw")
        if entries:
            Entry.objects.create(transaction=txn, account=a, amount=5)
        _immediate()
    assert Transaction.objects.count() == 0


def test_database_refuses_changing_or_deleting_entries_and_transactions(in_town_a):
    a, b = _account("a"), _account("b")
    posted = services.post(key="k", entries=[(a, -5), (b, 5)])
    for statement in (
        lambda: Entry.objects.filter(transaction=posted).update(amount=500),
        lambda: Entry.objects.filter(transaction=posted).delete(),
        lambda: Transaction.objects.filter(pk=posted.pk).update(memo="changed"),
        lambda: Transaction.objects.filter(pk=posted.pk).update(key="other"),
        lambda: Account.objects.filter(pk=a.pk).update(unit=Unit.MINUTES),
    ):
        with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
            statement()
    assert sorted(Entry.objects.values_list("amount", flat=True)) == [-5, 5]
    assert Transaction.objects.get().memo == ""


def test_rules_exist_in_every_cloned_town(in_town_b):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname LIKE 'ledger_%%' AND NOT t.tgisinternal",
            [in_town_b.schema_name],
        )
        names = {row[1] for row in cursor.fetchall()}
    assert {
        "ledger_entry_balanced",
        "ledger_transaction_balanced",
        "ledger_entry_immutable",
        "ledger_transaction_immutable",
        "ledger_account_unit_immutable",
    } <= names


def test_each_town_has_its_own_ledger(in_town_a, town_b):
    from django_tenants.utils import tenant_context

    a, b = _account("a"), _account("b")
    services.post(key="k", entries=[(a, -5), (b, 5)])
    with tenant_context(town_b):
        assert Transaction.objects.count() == 0
        # the same key is free in another town
        a2, b2 = _account("a"), _account("b")
        services.post(key="k", entries=[(a2, -9), (b2, 9)])
        assert selectors.balance_of(b2) == 9
    assert selectors.balance_of(b) == 5
