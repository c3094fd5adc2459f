"""Post an order's fund fee once, and reverse it once.

The fee is one ledger transaction under the key "shop-fee:<order_key>": the provider's fee
receivable (owner `provider` + the provider's key, purpose "fee-receivable") is debited,
i.e. gets the negative entry (what the provider owes), and the town's fund (owner `fund`,
purpose "fund") is credited, the positive entry. Both accounts are opened on first use.
Posting the same order again returns the first transaction (the ledger's idempotency key,
so 20 concurrent completions post one fee); the same order with another amount or provider
is refused. A cancellation posts the mirror image under "shop-fee:<order_key>:reversal",
once; nothing is ever edited.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from billing.ledger import services as ledger
from billing.ledger.models import OWNER_KEY_MAX, Account, OwnerKind, Transaction, Unit
from portal.validation import text_problem

from .rules import MAX_FEE_CENTS

KEY_PREFIX = "shop-fee:"
REVERSAL_SUFFIX = ":reversal"
RECEIVABLE = "fee-receivable"
FUND = "fund"
ORDER_KEY_MAX = 100
REASON_MAX = 150  # the memo (at most 300) holds the order key and the reason


def fee_key(order_key: str) -> str:
    """The ledger key of an order's fee."""
    return f"{KEY_PREFIX}{order_key}"


def order_key_of(key: str) -> str:
    """The order key back from a fee (or fee reversal) key."""
    return key.removeprefix(KEY_PREFIX).removesuffix(REVERSAL_SUFFIX)


def _clean_key(value: object, *, what: str, limit: int) -> str:
    if (
        not isinstance(value, str)
        or not value.strip()
        or len(value) > limit
        or text_problem(value, multiline=False) is not None
    ):
        raise ValidationError(
            _("The %(what)s must be readable text of 1 to %(limit)d characters.")
            % {"what": what, "limit": limit}
        )
    return value


def fund_account() -> Account:
    """The town's fund account (LQ Fonds), opened on first use."""
    return ledger.open_account(unit=Unit.EURO_CENTS, owner_kind=OwnerKind.FUND, purpose=FUND)


def lock_fund_account() -> Account:
    """The fund account, locked until the caller's transaction ends: whoever reads the
    balance to pay out of it holds this, so two payouts cannot both spend the same money."""
    account = fund_account()
    return Account.objects.select_for_update().get(pk=account.pk)


def receivable_account(provider_key: str) -> Account:
    """The provider's fee receivable, opened on first use."""
    return ledger.open_account(
        unit=Unit.EURO_CENTS,
        owner_kind=OwnerKind.PROVIDER,
        owner_key=_clean_key(provider_key, what=_("provider key"), limit=OWNER_KEY_MAX),
        purpose=RECEIVABLE,
    )


@transaction.atomic
def post_order_fee(
    *, order_key: str, provider_key: str, amount_cents: int, at: datetime | None = None
) -> Transaction:
    """Post the order's fee once (a retry returns the first posting).

    `amount_cents` is what `rules.fee_for` computed, more than zero (a fee of 0 has nothing
    to post: do not call). `at` dates the posting (the confirmation or completion time)."""
    order_key = _clean_key(order_key, what=_("order key"), limit=ORDER_KEY_MAX)
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int):
        raise ValidationError(_("A fee is a whole number of cents."))
    if amount_cents <= 0 or amount_cents > MAX_FEE_CENTS:
        raise ValidationError(_("A fee must be more than zero and at most 10,000.00 EUR."))
    receivable = receivable_account(provider_key)
    return ledger.post(
        key=fee_key(order_key),
        entries=[(receivable, -amount_cents), (fund_account(), amount_cents)],
        memo=f"fund fee of order {order_key}",
        at=at,
    )


@transaction.atomic
def reverse_order_fee(
    *, order_key: str, reason: str, at: datetime | None = None
) -> Transaction | None:
    """Post the reversal of the order's fee once; None if no fee was posted for the order
    (cancelled before the fee was due). A second call returns the first reversal, whatever
    its reason. `at` dates the reversal (the cancellation time)."""
    order_key = _clean_key(order_key, what=_("order key"), limit=ORDER_KEY_MAX)
    if (
        not isinstance(reason, str)
        or not reason.strip()
        or len(reason) > REASON_MAX
        or text_problem(reason, multiline=True) is not None
    ):
        raise ValidationError(
            _("Give a reason for the reversal, at most %(limit)d characters.")
            % {"limit": REASON_MAX}
        )
    # Lock the fee first: concurrent reversals wait here and then find the first one.
    original = Transaction.objects.select_for_update().filter(key=fee_key(order_key)).first()
    if original is None:
        return None
    done = Transaction.objects.filter(reverses=original).first()
    if done is not None:
        return done
    return ledger.reverse(
        transaction=original,
        key=fee_key(order_key) + REVERSAL_SUFFIX,
        memo=f"reversal of the fund fee of order {order_key}: {reason.strip()}",
        at=at,
    )


PAYMENT_PREFIX = "shop-fee-payment:"
CLEARING = "stripe"


def payment_key(stripe_invoice_id: str) -> str:
    """The ledger key of the payment of a provider's fee invoice."""
    return f"{PAYMENT_PREFIX}{stripe_invoice_id}"


def stripe_clearing_account() -> Account:
    """Money Stripe collected for the town and has not yet paid out to its bank."""
    return ledger.open_account(
        unit=Unit.EURO_CENTS, owner_kind=OwnerKind.CLEARING, purpose=CLEARING
    )


@transaction.atomic
def post_fee_payment(
    *, stripe_invoice_id: str, provider_key: str, amount_cents: int, at: datetime | None = None
) -> Transaction:
    """Post the payment of a provider's fee invoice once, under
    "shop-fee-payment:<stripe invoice id>": the provider's fee receivable +amount (settled),
    the town's Stripe clearing account -amount. A retry returns the first posting; the same
    invoice with another amount or provider is refused."""
    stripe_invoice_id = _clean_key(stripe_invoice_id, what=_("invoice id"), limit=ORDER_KEY_MAX)
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or amount_cents <= 0:
        raise ValidationError(_("A payment is a whole number of cents, more than zero."))
    return ledger.post(
        key=payment_key(stripe_invoice_id),
        entries=[
            (receivable_account(provider_key), amount_cents),
            (stripe_clearing_account(), -amount_cents),
        ],
        memo=f"payment of fee invoice {stripe_invoice_id}",
        at=at,
    )
