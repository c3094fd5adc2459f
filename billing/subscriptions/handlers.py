"""Who acts on an invoice that is not a town's own: a registry by the invoice's `lq_kind`.

An invoice we create for someone in a town (a provider's monthly fee invoice) carries
`metadata={"lq_kind": <kind>, "lq_schema": <the town's schema>, "lq_key": ...}`. The app that
creates it registers a handler for its kind in its `AppConfig.ready()`; the webhook view and
the reconciliation call it inside the town (`tenant_context`) and inside the transaction that
stores the event, so the event and its effect commit together. Billing never imports the
module that invoices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


class InvoiceHandler(Protocol):
    def __call__(
        self, *, invoice: dict[str, Any], event_type: str, seen_at: datetime, source: str
    ) -> str:
        """Apply the invoice's state in the current town; return a WebhookEvent.Outcome value
        ("applied", "stale", "unknown").

        `invoice` is Stripe's invoice object as a plain dict; `event_type` the event's type
        ("invoice.paid", "invoice.payment_failed", ...; "reconcile" when the reconciliation
        read the invoice); `seen_at` Stripe's time of the event (or now); `source` "webhook"
        or "reconcile". Runs inside the caller's transaction: no Stripe calls, mail only on
        commit. Must be idempotent (a replay or an older reading changes nothing)."""


@dataclass(frozen=True)
class InvoiceKind:
    kind: str
    handle: InvoiceHandler
    # The invoices of this kind in the current town that Stripe should know, for the
    # reconciliation: (stripe invoice id, status, amount due in cents).
    open_invoices: Callable[[], list[tuple[str, str, int]]]


_kinds: dict[str, InvoiceKind] = {}


def register_invoice_kind(kind: InvoiceKind) -> None:
    """Declare who handles invoices whose metadata `lq_kind` is `kind.kind` (once per kind)."""
    existing = _kinds.get(kind.kind)
    if existing is not None and existing != kind:
        raise RuntimeError(f"invoice kind {kind.kind!r} is registered twice")
    _kinds[kind.kind] = kind


def invoice_kind(kind: str) -> InvoiceKind | None:
    return _kinds.get(kind)


def invoice_kinds() -> list[InvoiceKind]:
    return list(_kinds.values())
