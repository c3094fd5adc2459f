"""Reads of the ledger. A balance is always the sum of the account's entries."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date

from django.db.models import Count, QuerySet, Sum

from .models import Account, Entry, Transaction


def balance_of(account: Account) -> int:
    """The sum of the account's entries, in its unit (0 without entries)."""
    total = Entry.objects.filter(account=account).aggregate(total=Sum("amount"))["total"]
    return int(total or 0)


def balances_of(accounts: Iterable[Account]) -> dict[int, int]:
    """Balances of several accounts in one query, by account id (0 for those without entries)."""
    ids = [account.pk for account in accounts]
    totals = dict(
        Entry.objects.filter(account_id__in=ids)
        .values_list("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
    )
    return {pk: int(totals.get(pk) or 0) for pk in ids}


def entries_of(account: Account) -> QuerySet[Entry]:
    """The account's entries, newest first, with their transaction."""
    return Entry.objects.filter(account=account).select_related("transaction")


def transaction_for(*, key: str) -> Transaction | None:
    """The transaction posted under `key`, if any (e.g. to show whether a fee was posted)."""
    return Transaction.objects.filter(key=key).first()


def find_account(
    *, unit: str, owner_kind: str, owner_key: str = "", purpose: str = "main"
) -> Account | None:
    """The owner's account without opening one."""
    return Account.objects.filter(
        unit=unit, owner_kind=owner_kind, owner_key=owner_key, purpose=purpose
    ).first()


def credited_per_week(*, unit: str, owner_kinds: Sequence[str], since: date) -> dict[date, int]:
    """What accounts of `owner_kinds` in `unit` received per week since `since`, in one grouped
    query (postings that were reversed, and the reversals, are left out)."""
    from portal.dashboard.figures import weekly_counts

    entries = Entry.objects.filter(
        account__unit=unit,
        account__owner_kind__in=list(owner_kinds),
        amount__gt=0,
        transaction__reverses__isnull=True,
        transaction__reversed_by__isnull=True,
    )
    return weekly_counts(entries, "created_at", since=since, value=Sum("amount"))


def ledger_checksum() -> dict[str, object]:
    """The ledger in figures a move must keep: the balance of every account (by its public
    id and unit) and a digest over every entry (transaction key, account, amount, time), in
    one query each; two ledgers with the same checksum hold the same postings."""
    balances = {
        f"{public_id}:{unit}": int(total or 0)
        for public_id, unit, total in Account.objects.order_by("public_id")
        .annotate(total=Sum("entries__amount"))
        .values_list("public_id", "unit", "total")
    }
    digest = hashlib.sha256()
    count = 0
    entries = Entry.objects.order_by("id").values_list(
        "transaction__key", "account__public_id", "amount", "created_at"
    )
    for key, account, amount, created_at in entries.iterator(chunk_size=2000):
        digest.update(f"{key}\t{account}\t{amount}\t{created_at.isoformat()}\n".encode())
        count += 1
    return {"balances": balances, "entries": count, "digest": digest.hexdigest()}


def ledger_rule_broken() -> str | None:
    """The first transaction that breaks the ledger's rule (at least two entries, summing to
    zero per unit), described; None when every one keeps it. The database's deferred
    triggers check the same row by row; a town import loads many rows at once and runs
    this instead (two queries over the whole ledger)."""
    lonely = (
        Transaction.objects.annotate(sides=Count("entries"))
        .filter(sides__lt=2)
        .order_by("id")
        .values_list("id", "sides")
        .first()
    )
    if lonely is not None:
        return f"ledger transaction {lonely[0]} has {lonely[1]} entries, at least 2 needed"
    off = (
        Entry.objects.values("transaction_id", "account__unit")
        .annotate(total=Sum("amount"))
        .exclude(total=0)
        .order_by("transaction_id")
        .first()
    )
    if off is not None:
        return (
            f"ledger transaction {off['transaction_id']} is not balanced: its "
            f"{off['account__unit']} entries sum to {off['total']}"
        )
    return None
