"""What the ledger keeps of a person: their accounts (owner "user", key their public id).

Deleting an account never deletes an entry: the person's accounts move to an anonymous
holder, so every balance and every transaction stays as it was."""

from __future__ import annotations

from typing import Any

from portal.personal_data import ExportPart, PersonalData

from .models import Account, Entry, OwnerKind
from .selectors import balances_of
from .services import hand_accounts_to_anonymous_holder


def export_ledger(user: Any) -> ExportPart:
    accounts = list(
        Account.objects.filter(owner_kind=OwnerKind.USER, owner_key=str(user.public_id))
    )
    balances = balances_of(accounts)
    data = [
        {
            "purpose": account.purpose,
            "unit": account.unit,
            "balance": balances[account.pk],
            "entries": [
                {"amount": entry.amount, "at": entry.created_at, "memo": entry.transaction.memo}
                for entry in Entry.objects.filter(account=account)
                .select_related("transaction")
                .order_by("created_at", "id")
            ],
        }
        for account in accounts
    ]
    return ExportPart(data={"accounts": data})


def erase_ledger(user: Any) -> None:
    hand_accounts_to_anonymous_holder(owner_kind=OwnerKind.USER, owner_key=str(user.public_id))


LEDGER = PersonalData(key="ledger", export=export_ledger, erase=erase_ledger, order=50)
