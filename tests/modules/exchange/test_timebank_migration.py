"""Moving the time bank onto the ledger keeps every balance, transfer and reversal as it was.

The test migrates a scratch town schema to the old shape (exchange 0003: time entries still
in their own table), writes a history there, runs the data migration and compares.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from tests.scratch_schema import latest_targets, migrate_to, scratch_schema

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("exchange", "0003_time_bank_ledger_links")
DATA = ("exchange", "0004_move_time_bank_to_ledger")


def _old_history(apps):
    """Five people, transfers (one only proposed, one reversed) written in the old shape."""
    User = apps.get_model("accounts", "User")
    TimeAccount = apps.get_model("exchange", "TimeAccount")
    TimeTransfer = apps.get_model("exchange", "TimeTransfer")
    TimeEntry = apps.get_model("exchange", "TimeEntry")
    people = [User.objects.create(email=f"p{i}@example.org", full_name=f"P {i}") for i in range(5)]
    accounts = [TimeAccount.objects.create(owner=p) for p in people]
    User.objects.create(email="no-account@example.org", full_name="Without account")
    start = timezone.now() - timedelta(days=30)
    transfers = []
    for n, (payer, payee, minutes) in enumerate(
        [(0, 1, 60), (1, 2, 45), (2, 0, 120), (3, 4, 15), (4, 0, 90), (0, 3, 30)]
    ):
        when = start + timedelta(days=n)
        transfer = TimeTransfer.objects.create(
            proposer=people[payee],
            from_account=accounts[payer],
            to_account=accounts[payee],
            minutes=minutes,
            note=f"Hilfe {n}",
            status="confirmed",
            confirmed_at=when,
        )
        TimeEntry.objects.create(
            account=accounts[payer], transfer=transfer, minutes=-minutes, created_at=when
        )
        TimeEntry.objects.create(
            account=accounts[payee], transfer=transfer, minutes=minutes, created_at=when
        )
        transfers.append(transfer)
    reversed_one = transfers[1]
    mirror = TimeTransfer.objects.create(
        proposer=people[3],
        from_account=reversed_one.to_account,
        to_account=reversed_one.from_account,
        minutes=reversed_one.minutes,
        note="Doppelt",
        status="confirmed",
        reverses=reversed_one,
    )
    for account, minutes in ((mirror.from_account, -45), (mirror.to_account, 45)):
        TimeEntry.objects.create(account=account, transfer=mirror, minutes=minutes)
    TimeTransfer.objects.create(  # proposed only: nothing is posted, before or after
        proposer=people[0], from_account=accounts[1], to_account=accounts[0], minutes=15
    )
    return {
        str(a.owner.public_id): int(
            TimeEntry.objects.filter(account=a).aggregate(t=Sum("minutes"))["t"] or 0
        )
        for a in accounts
    }


def test_balances_are_identical_before_and_after_the_move():
    with scratch_schema("scratch_timebank_move", targets=[BEFORE]):
        # given a history in the old shape
        with transaction.atomic():  # the old trigger checks each transfer at commit
            before = _old_history(migrate_to([BEFORE]))
        assert sorted(before.values()) != [0] * 5  # a history that moved time
        # when the data migration runs
        apps = migrate_to([DATA])
        # then each person's ledger balance equals the old sum of entries
        Account = apps.get_model("ledger", "Account")
        Entry = apps.get_model("ledger", "Entry")
        Transaction = apps.get_model("ledger", "Transaction")
        TimeTransfer = apps.get_model("exchange", "TimeTransfer")
        after = {
            account.owner_key: int(
                Entry.objects.filter(account=account).aggregate(t=Sum("amount"))["t"] or 0
            )
            for account in Account.objects.filter(unit="minutes", purpose="time")
        }
        assert after == before
        # every posted transfer is one balanced transaction under its key; proposals none
        assert Transaction.objects.count() == 7
        for transfer in TimeTransfer.objects.filter(status="confirmed"):
            txn = transfer.ledger_transaction
            assert txn.key == f"exchange.transfer:{transfer.public_id}"
            assert sum(txn.entries.values_list("amount", flat=True)) == 0
            if transfer.reverses_id:
                assert txn.reverses_id == transfer.reverses.ledger_transaction_id
        assert (
            not TimeTransfer.objects.filter(status="proposed")
            .exclude(ledger_transaction=None)
            .exists()
        )
        # and the rest of the migrations (dropping the old table) run on the moved data
        migrate_to(latest_targets())
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('exchange_timeentry')")
            assert cursor.fetchone()[0] is None
