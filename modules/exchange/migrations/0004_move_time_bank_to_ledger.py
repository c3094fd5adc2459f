"""Move the time bank's entries into the ledger, keeping every balance as it was.

Each time account gets a ledger account in minutes (owner: the person's uuid, purpose
"time"); each posted transfer becomes a ledger transaction under the key
"exchange.transfer:<public_id>" with the same entries, amounts and times; a reversing
transfer's transaction reverses the original's. Irreversible: ledger rows can never be
deleted, by design.
"""

from typing import Any

from django.db import migrations

TRANSFER_KEY = "exchange.transfer:{}"


def move_time_bank_to_ledger(apps: Any, schema_editor: Any) -> None:
    TimeAccount = apps.get_model("exchange", "TimeAccount")
    TimeTransfer = apps.get_model("exchange", "TimeTransfer")
    TimeEntry = apps.get_model("exchange", "TimeEntry")
    Account = apps.get_model("ledger", "Account")
    Transaction = apps.get_model("ledger", "Transaction")
    Entry = apps.get_model("ledger", "Entry")

    ledger_account_of = {}
    for account in TimeAccount.objects.select_related("owner").order_by("pk"):
        ledger, _created = Account.objects.get_or_create(
            unit="minutes",
            owner_kind="user",
            owner_key=str(account.owner.public_id),
            purpose="time",
            defaults={"created_at": account.created_at},
        )
        account.ledger_account = ledger
        account.save(update_fields=["ledger_account"])
        ledger_account_of[account.pk] = ledger.pk

    posted = {}
    # Originals before the reversals that point at them.
    transfers = TimeTransfer.objects.filter(entries__isnull=False).distinct()
    for transfer in sorted(transfers, key=lambda t: (t.reverses_id is not None, t.pk)):
        entries = list(TimeEntry.objects.filter(transfer=transfer).order_by("pk"))
        txn = Transaction.objects.create(
            key=TRANSFER_KEY.format(transfer.public_id),
            memo=transfer.note[:300],
            reverses_id=posted.get(transfer.reverses_id),
            created_at=entries[0].created_at,
        )
        Entry.objects.bulk_create(
            Entry(
                transaction=txn,
                account_id=ledger_account_of[entry.account_id],
                amount=entry.minutes,
                created_at=entry.created_at,
            )
            for entry in entries
        )
        transfer.ledger_transaction = txn
        transfer.save(update_fields=["ledger_transaction"])
        posted[transfer.pk] = txn.pk


class Migration(migrations.Migration):
    dependencies = [("exchange", "0003_time_bank_ledger_links")]

    operations = [migrations.RunPython(move_time_bank_to_ledger, elidable=False)]
