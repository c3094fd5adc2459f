"""A verified Stripe event, applied once: its row in the inbox and its effect in one transaction.

`receive(event)` inserts the event's `WebhookEvent` row first. A second delivery of the same
event (even at the same moment: the unique index makes it wait for the first transaction)
finds the row and returns "duplicate" without touching anything. Then the effect:
- `customer.subscription.*`: the town's subscription (`services.apply_subscription`);
- `invoice.*` with metadata `lq_kind` of a registered kind (a provider's fee invoice): the
  kind's handler, inside the town named by metadata `lq_schema`;
- other `invoice.*`: the town's invoice, found by its customer (`services.apply_town_invoice`);
- anything else: "ignored".
An object we do not know (no such customer, town or invoice) is recorded as "unknown" and
answered 200, so Stripe does not retry it for days; the operators see it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tenants.current import inside_town
from tenants.models import Town

from . import handlers, services
from .models import WebhookEvent

logger = logging.getLogger(__name__)

DUPLICATE = "duplicate"
NOTE_MAX = 300


def _object(event: dict[str, Any]) -> dict[str, Any]:
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    return obj if isinstance(obj, dict) else {}


def apply_invoice(
    obj: dict[str, Any], *, event_type: str, seen_at: datetime, source: str
) -> tuple[str, str, str]:
    """An invoice's state, wherever it belongs: (outcome, town schema, note). Call inside a
    transaction."""
    metadata = obj.get("metadata") or {}
    kind_name = str(metadata.get("lq_kind") or "")
    if not kind_name:
        outcome = services.apply_town_invoice(obj, event_type=event_type, seen_at=seen_at)
        return outcome, "", "" if outcome != "unknown" else "no town has this customer"
    kind = handlers.invoice_kind(kind_name)
    schema = str(metadata.get("lq_schema") or "")
    town = Town.objects.filter(schema_name=schema).first() if schema else None
    if kind is None:
        return "unknown", schema, f"no handler for invoice kind {kind_name!r}"
    if town is None or not town.is_town:
        return "unknown", schema, "no such town"
    with inside_town(town):
        outcome = kind.handle(invoice=obj, event_type=event_type, seen_at=seen_at, source=source)
    return outcome, schema, "" if outcome != "unknown" else "the town does not know this invoice"


def _effect(event_type: str, obj: dict[str, Any], seen_at: datetime) -> tuple[str, str, str]:
    if event_type.startswith("customer.subscription."):
        outcome = services.apply_subscription(obj, seen_at=seen_at)
        schema = str((obj.get("metadata") or {}).get("lq_schema") or "")
        return outcome, schema, "" if outcome != "unknown" else "no town has this subscription"
    if event_type.startswith("invoice."):
        return apply_invoice(obj, event_type=event_type, seen_at=seen_at, source="webhook")
    return WebhookEvent.Outcome.IGNORED, "", ""


def receive(event: dict[str, Any]) -> str:
    """Store and apply a verified event once; its outcome, or "duplicate"."""
    event_id = str(event.get("id") or "")
    event_type = str(event.get("type") or "")
    obj = _object(event)
    seen_at = services.stripe_time(event.get("created")) or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = WebhookEvent.objects.create(
                    event_id=event_id,
                    type=event_type[:80],
                    created=seen_at,
                    object_id=str(obj.get("id") or "")[:100],
                    outcome=WebhookEvent.Outcome.IGNORED,
                )
        except IntegrityError:
            return DUPLICATE
        outcome, schema, note = _effect(event_type, obj, seen_at)
        row.outcome = outcome
        row.town_schema = schema[:63]
        row.note = note[:NOTE_MAX]
        row.save(update_fields=["outcome", "town_schema", "note"])
    if outcome == WebhookEvent.Outcome.UNKNOWN:
        logger.warning("stripe event %s (%s) for an unknown object: %s", event_id, event_type, note)
    return outcome
