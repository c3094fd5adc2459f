"""Writes of the ledger: open an account, post a transaction, reverse one.

Every posting carries an idempotency key that names what it is for, prefixed with the
calling module (``exchange.transfer:<uuid>``, ``shop-fee:<order key>``, ``fund.payout:<uuid>``).
Posting again under the same key returns the transaction already posted, so a retried task
or a double click cannot post twice; the same key with a different payload is refused.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.validation import text_problem

from .models import KEY_MAX, MEMO_MAX, Account, Entry, Transaction

# PostgreSQL's bigint; a larger amount would be refused by the database with a less clear error.
AMOUNT_LIMIT = 2**62

Line = tuple[Account, int]


class IdempotencyConflict(ValidationError):
    """The key was used before for a different posting."""


def open_account(
    *, unit: str, owner_kind: str, owner_key: str = "", purpose: str = "main"
) -> Account:
    """The owner's account for this purpose and unit, opened on first use (race-safe)."""
    account, _created = Account.objects.get_or_create(
        unit=unit, owner_kind=owner_kind, owner_key=owner_key, purpose=purpose
    )
    return account


def _storable(text: str, *, multiline: bool) -> bool:
    """No control characters, and only what UTF-8 can hold (a lone surrogate from a JSON
    escape would otherwise fail in the database driver)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return text_problem(text, multiline=multiline) is None


def _clean_key(key: object) -> str:
    if (
        not isinstance(key, str)
        or not key.strip()
        or len(key) > KEY_MAX
        or not _storable(key, multiline=False)
    ):
        raise ValidationError(_("A ledger posting needs a key of 1 to 200 characters."))
    return key


def _clean_memo(memo: object) -> str:
    if not isinstance(memo, str) or len(memo) > MEMO_MAX or not _storable(memo, multiline=True):
        raise ValidationError(
            _(
                "A ledger memo is readable text of at most 300 characters, without control characters."
            )
        )
    return memo


def _clean_lines(entries: Iterable[Line]) -> list[Line]:
    lines = list(entries)
    if len(lines) < 2:
        raise ValidationError(_("A ledger posting needs at least two entries."))
    seen: set[int] = set()
    totals: dict[str, int] = defaultdict(int)
    for account, amount in lines:
        if not isinstance(account, Account) or account.pk is None:
            raise ValidationError(_("Ledger entries need saved accounts."))
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise ValidationError(_("Ledger amounts are whole numbers."))
        if amount == 0 or abs(amount) >= AMOUNT_LIMIT:
            raise ValidationError(_("A ledger amount must not be zero or out of range."))
        if account.pk in seen:
            raise ValidationError(_("Each account may appear only once in a posting."))
        seen.add(account.pk)
        totals[account.unit] += amount
    off = {unit: total for unit, total in totals.items() if total}
    if off:
        raise ValidationError(
            _("The entries do not balance: %(off)s.")
            % {"off": ", ".join(f"{unit} {total:+d}" for unit, total in sorted(off.items()))}
        )
    return lines


def _payload(lines: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted(lines)


def _same_or_refuse(
    existing: Transaction, lines: list[Line], memo: str, reverses: Transaction | None
) -> Transaction:
    posted = _payload(existing.entries.values_list("account_id", "amount"))
    wanted = _payload((account.pk, amount) for account, amount in lines)
    reverses_id = reverses.pk if reverses is not None else None
    if posted != wanted or existing.memo != memo or existing.reverses_id != reverses_id:
        raise IdempotencyConflict(
            _("The key %(key)s was already used for a different posting.") % {"key": existing.key}
        )
    return existing


def _insert_transaction(
    *, key: str, memo: str, reverses: Transaction | None, at: datetime
) -> Transaction | None:
    """Insert the transaction row unless its key exists; None if it does.

    ON CONFLICT DO NOTHING instead of catching the unique violation: a concurrent post of
    the same key makes PostgreSQL wait for the other transaction and then skip the insert,
    without an error that would need a savepoint (an extra round trip on every post).
    """
    posted = Transaction(key=key, memo=memo, reverses=reverses, created_at=at)
    table = connection.ops.quote_name(Transaction._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (public_id, key, memo, reverses_id, created_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (key) DO NOTHING RETURNING id",
            [posted.public_id, key, memo, posted.reverses_id, at],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    posted.pk = row[0]
    posted._state.adding = False
    posted._state.db = connection.alias
    return posted


def _post(
    *,
    key: str,
    lines: list[Line],
    memo: str,
    reverses: Transaction | None,
    at: datetime | None = None,
) -> Transaction:
    now = at or timezone.now()
    # No savepoint: nothing in here fails but the database, and then the whole caller's
    # transaction must go (it would hold half a posting).
    with transaction.atomic(savepoint=False):
        posted = _insert_transaction(key=key, memo=memo, reverses=reverses, at=now)
        if posted is not None:
            Entry.objects.bulk_create(
                Entry(transaction=posted, account=account, amount=amount, created_at=now)
                for account, amount in lines
            )
            return posted
    return _same_or_refuse(Transaction.objects.get(key=key), lines, memo, reverses)


def post(
    *, key: str, entries: Iterable[Line], memo: str = "", at: datetime | None = None
) -> Transaction:
    """Post balanced entries (account, amount) once under `key`; a retry returns the first.

    `at` dates the posting (default: now), e.g. for history loaded from elsewhere. The write
    is one transaction (a savepoint inside the caller's); the checks before it only read.
    """
    return _post(
        key=_clean_key(key),
        lines=_clean_lines(entries),
        memo=_clean_memo(memo),
        reverses=None,
        at=at,
    )


@transaction.atomic
def reverse(
    *, transaction: Transaction, key: str, memo: str = "", at: datetime | None = None
) -> Transaction:
    """Post the mirror image of `transaction` once (entries are never edited or deleted);
    `at` dates it (default: now)."""
    key = _clean_key(key)
    memo = _clean_memo(memo or f"reversal of {transaction.key}"[:MEMO_MAX])
    # The lock makes concurrent reversals of one transaction wait for each other; the
    # reversal is looked up by a later statement, which sees what the other one committed
    # (a join in the locking statement would still read its older snapshot).
    original = Transaction.objects.select_for_update().get(pk=transaction.pk)
    if original.reverses_id is not None:
        raise ValidationError(_("A reversal cannot itself be reversed; post anew instead."))
    lines = [(entry.account, -entry.amount) for entry in original.entries.select_related("account")]
    mirror = Transaction.objects.filter(reverses=original).first()
    if mirror is not None:
        if mirror.key != key:
            raise ValidationError(_("This posting has already been reversed."))
        return _same_or_refuse(mirror, lines, memo, original)
    return _post(key=key, lines=lines, memo=memo, reverses=original, at=at)


@transaction.atomic
def hand_accounts_to_anonymous_holder(*, owner_kind: str, owner_key: str) -> int:
    """Move every account of one owner to an anonymous holder (a deleted person's).

    Only the owner columns change; entries are never touched, so every transaction stays
    balanced and every balance the same (the database's rules refuse anything else). The
    number of accounts moved."""
    from .models import OwnerKind

    moved = 0
    for account in Account.objects.select_for_update().filter(
        owner_kind=owner_kind, owner_key=owner_key
    ):
        account.owner_kind = OwnerKind.ANONYMOUS
        account.owner_key = str(uuid.uuid4())
        account.save(update_fields=["owner_kind", "owner_key"])
        moved += 1
    return moved
