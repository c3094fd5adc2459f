"""The shop's invoice kind for billing's registry: the webhooks and the reconciliation hand
every Stripe invoice whose metadata `lq_kind` is "shop_fees" to `handle_fee_invoice`, inside
the town named by `lq_schema` and inside the transaction that stores the event."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from billing.subscriptions.handlers import InvoiceKind

from .models_invoices import ProviderInvoice
from .selectors_invoices import open_invoices
from .services.invoice_state import apply_stripe_invoice
from .services.invoices import KIND


def _row_for(invoice: dict[str, Any]) -> ProviderInvoice | None:
    """The invoice's row, locked: by Stripe's id, or (a webhook that came before the run
    stored the id) by the row's public id in the metadata."""
    rows = ProviderInvoice.objects.select_for_update(of=("self",)).select_related("provider")
    stripe_id = str(invoice.get("id") or "")
    if stripe_id:
        row = rows.filter(stripe_invoice_id=stripe_id).first()
        if row is not None:
            return row
    metadata = invoice.get("metadata") or {}
    try:
        public_id = uuid.UUID(str(metadata.get("lq_invoice") or ""))
    except ValueError:
        return None
    row = rows.filter(public_id=public_id, stripe_invoice_id="").first()
    if row is None or str(row.provider.public_id) != str(metadata.get("lq_provider") or ""):
        return None
    return row


def handle_fee_invoice(
    *, invoice: dict[str, Any], event_type: str, seen_at: datetime, source: str
) -> str:
    """Apply Stripe's reading of a provider's fee invoice; "applied", "stale" (nothing new)
    or "unknown" (no such invoice in this town). Idempotent; no Stripe calls; mail on commit."""
    row = _row_for(invoice)
    if row is None:
        return "unknown"
    changed = apply_stripe_invoice(row, invoice, seen_at=seen_at, event_type=event_type)
    return "applied" if changed else "stale"


FEE_INVOICES = InvoiceKind(kind=KIND, handle=handle_fee_invoice, open_invoices=open_invoices)
