"""What a Stripe reading of a provider's fee invoice does to its row: one rule for the
invoicing run, the webhooks and the reconciliation.

Stripe's status only moves forward (`billing.subscriptions.states.invoice_moves`), so a late
or repeated reading changes nothing. Paid posts the payment in the ledger once (its key is the
Stripe invoice id); a failed payment tells the provider once. Runs inside the caller's
transaction on a locked row; makes no Stripe call; mail leaves on commit.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from billing.fees.services import post_fee_payment
from billing.subscriptions.states import invoice_moves

from ..models_invoices import ProviderInvoice
from .invoice_notices import tell_payment_failed

logger = logging.getLogger(__name__)

State = ProviderInvoice.State
PAYMENT_FAILED = "invoice.payment_failed"
# The states a Stripe reading may move (a credit has no invoice; paid and void are final).
MOVABLE = (State.PENDING, State.ISSUED, State.UNCOLLECTIBLE)
# Our state for each Stripe status; "draft" leaves a row being created as it is.
STATE_OF = {
    "open": State.ISSUED,
    "paid": State.PAID,
    "void": State.VOID,
    "uncollectible": State.UNCOLLECTIBLE,
}


def _time(value: Any) -> datetime | None:
    if isinstance(value, int | float) and value > 0:
        return datetime.fromtimestamp(value, tz=UTC)
    return None


def _paid_at(invoice: dict[str, Any], seen_at: datetime) -> datetime:
    transitions = invoice.get("status_transitions") or {}
    return _time(transitions.get("paid_at")) or seen_at


def _fill_in(row: ProviderInvoice, invoice: dict[str, Any]) -> list[str]:
    """Stripe's id, link and dates where the row has none yet."""
    changed = []
    if not row.stripe_invoice_id and invoice.get("id"):
        row.stripe_invoice_id = str(invoice["id"])
        changed.append("stripe_invoice_id")
    if not row.hosted_url and invoice.get("hosted_invoice_url"):
        row.hosted_url = str(invoice["hosted_invoice_url"])[:500]
        changed.append("hosted_url")
    due = _time(invoice.get("due_date"))
    if row.due_at is None and due is not None:
        row.due_at = due
        changed.append("due_at")
    return changed


def _post_payment(row: ProviderInvoice, invoice: dict[str, Any], paid_at: datetime) -> None:
    amount = int(invoice.get("amount_paid") or 0) or row.total_cents
    if amount != row.total_cents:
        logger.warning(
            "Fee invoice %s was paid %s cents, the row asks %s",
            row.stripe_invoice_id,
            amount,
            row.total_cents,
        )
    try:
        post_fee_payment(
            stripe_invoice_id=row.stripe_invoice_id,
            provider_key=str(row.provider.public_id),
            amount_cents=amount,
            at=paid_at,
        )
    except ValidationError:
        logger.exception("The payment of fee invoice %s was not posted", row.stripe_invoice_id)
        raise


def apply_stripe_invoice(
    row: ProviderInvoice,
    invoice: dict[str, Any],
    *,
    seen_at: datetime,
    event_type: str = "",
    issued: bool = False,
) -> bool:
    """Apply Stripe's reading of the invoice to the locked `row`; True if anything changed.

    `issued`: the invoicing run has finalized it (a row being created becomes "issued" even
    if Stripe's status was read as "open" by a webhook before)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("apply_stripe_invoice needs the caller's transaction")
    changed = _fill_in(row, invoice)
    status = str(invoice.get("status") or "")
    if invoice_moves(row.stripe_status, status):
        row.stripe_status = status
        changed.append("stripe_status")
        new_state = STATE_OF.get(status)
        if new_state is not None and new_state != row.state and row.state in MOVABLE:
            row.state = new_state
            changed.append("state")
        if status == "paid" and row.paid_at is None:
            row.paid_at = _paid_at(invoice, seen_at)
            changed.append("paid_at")
            _post_payment(row, invoice, row.paid_at)
    if issued and row.state == State.PENDING:
        row.state = State.ISSUED
        changed.append("state")
    if row.state != State.PENDING and row.issued_at is None:
        transitions = invoice.get("status_transitions") or {}
        row.issued_at = _time(transitions.get("finalized_at")) or seen_at
        changed.append("issued_at")
    if event_type == PAYMENT_FAILED and row.state != State.PAID and row.payment_failed_at is None:
        row.payment_failed_at = seen_at
        changed.append("payment_failed_at")
    if (
        row.payment_failed_at is not None
        and row.failure_told_at is None
        and row.state != State.PAID
    ):
        tell_payment_failed(row)
        row.failure_told_at = timezone.now()
        changed.append("failure_told_at")
    if changed:
        row.save(update_fields=[*dict.fromkeys(changed), "updated_at"])
    return bool(changed)
