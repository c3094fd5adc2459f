"""The LQ Fonds' payouts in the ledger: the fund pays a winning project, then the town's bank
transfers the money.

Two postings per payout, each once:
- "fund.payout:<payout public id>": the fund (owner `fund`, purpose "fund") gets the
  negative entry and the project's payable (owner `organisation` + the organisation's public
  id, or `user` + the proposer's public id; purpose "fund-payable") the positive one: what
  the town owes the project. The fund's balance stays positive, as with the fees.
- "fund.payment:<payout public id>": when the administrator records the bank transfer, the payable gets
  the negative entry and the town's bank clearing account (owner `clearing`, purpose
  "bank") the positive one: the money has left the town's account.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from billing.ledger import selectors as ledger_selectors
from billing.ledger import services as ledger
from billing.ledger.models import Account, OwnerKind, Transaction, Unit

from .services import fund_account

PAYOUT_PREFIX = "fund.payout:"
PAYMENT_PREFIX = "fund.payment:"
PAYABLE = "fund-payable"
BANK = "bank"
PAYEE_KINDS = (OwnerKind.ORGANISATION, OwnerKind.USER)


def payout_key(payout_id: uuid.UUID) -> str:
    """The ledger key of a payout's posting."""
    return f"{PAYOUT_PREFIX}{payout_id}"


def payable_account(*, owner_kind: str, owner_key: str) -> Account:
    """What the fund owes a project (an organisation or a person), opened on first use."""
    if owner_kind not in PAYEE_KINDS or not owner_key:
        raise ValidationError(_("A payout goes to an organisation or a person."))
    return ledger.open_account(
        unit=Unit.EURO_CENTS, owner_kind=owner_kind, owner_key=owner_key, purpose=PAYABLE
    )


def payment_key(payout_id: uuid.UUID) -> str:
    """The ledger key of a payout's bank transfer."""
    return f"{PAYMENT_PREFIX}{payout_id}"


def bank_account() -> Account:
    """The town's bank clearing account: money that left by bank transfer."""
    return ledger.open_account(unit=Unit.EURO_CENTS, owner_kind=OwnerKind.CLEARING, purpose=BANK)


@transaction.atomic
def post_fund_payout(
    *,
    payout_id: uuid.UUID,
    owner_kind: str,
    owner_key: str,
    amount_cents: int,
    memo: str,
    at: datetime | None = None,
) -> Transaction:
    """Move `amount_cents` from the fund to the project's payable, once per payout."""
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise ValidationError(_("A payout is a whole number of cents above zero."))
    if ledger_selectors.transaction_for(key=payout_key(payout_id)) is not None:
        raise ValidationError(_("This payout has already been posted."))
    payable = payable_account(owner_kind=owner_kind, owner_key=owner_key)
    return ledger.post(
        key=payout_key(payout_id),
        entries=[(fund_account(), -amount_cents), (payable, amount_cents)],
        memo=memo,
        at=at,
    )


@transaction.atomic
def post_fund_payment(
    *, payout_id: uuid.UUID, at: datetime | None = None, memo: str = ""
) -> Transaction:
    """The bank transfer of a posted payout: its payable -> the bank clearing account, once."""
    posted = ledger_selectors.transaction_for(key=payout_key(payout_id))
    if posted is None:
        raise ValidationError(_("This payout was never posted."))
    if ledger_selectors.transaction_for(key=payment_key(payout_id)) is not None:
        raise ValidationError(_("The bank transfer of this payout is recorded already."))
    payable_entry = posted.entries.select_related("account").get(account__purpose=PAYABLE)
    return ledger.post(
        key=payment_key(payout_id),
        entries=[
            (payable_entry.account, -payable_entry.amount),
            (bank_account(), payable_entry.amount),
        ],
        memo=memo or f"bank transfer of {posted.key}",
        at=at,
    )
