"""The reconciliation: what Stripe holds, read again, repairs what a lost webhook left behind.

One run (the periodic task "billing: reconcile with Stripe", or `manage.py billing_reconcile`):
1. every subscription and invoice created in Stripe since the cursor (less an hour's overlap
   for objects whose create was in flight), paged through, is applied as a webhook would
   (`services.apply_subscription`, `events.apply_invoice`): a missed `invoice.created` or
   `customer.subscription.created` is made good;
2. every invoice we still hold as not final (the towns' invoices, and each registered
   invoice kind's open invoices in each town, e.g. the providers' fee invoices) is read by
   its id and applied: a missed `invoice.paid` is made good, and with it the ledger's
   payment posting;
3. what cannot be repaired is recorded as a `Mismatch` for the operators: an object in
   Stripe no town knows, an invoice we hold that Stripe does not have, an amount that
   differs. A mismatch already open is not recorded twice.
The state rules are the webhooks' (forward only), so a run never undoes a newer state.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tenants.current import inside_town
from tenants.models import Town

from . import handlers, services
from .events import apply_invoice
from .models import Mismatch, ReconcileCursor, TownInvoice, TownSubscription
from .states import FINAL_INVOICE, FINAL_SUBSCRIPTION
from .stripe_client import as_dict, listed, options

logger = logging.getLogger(__name__)

OVERLAP = timedelta(hours=1)


@dataclass
class Report:
    subscriptions_read: int = 0
    invoices_read: int = 0
    repaired: int = 0
    mismatches: list[str] = field(default_factory=list)
    stripe_calls: int = 0


def _pages(lister: Any, report: Report, **filters: Any) -> Iterator[dict[str, Any]]:
    """Every object of the list, as a dict, each page read counted in the report."""

    def counted() -> None:
        report.stripe_calls += 1

    for obj in listed(lister, on_page=counted, **filters):
        yield as_dict(obj)


def _mismatch(report: Report, *, kind: str, stripe_id: str, schema: str, detail: str) -> None:
    report.mismatches.append(f"{kind} {stripe_id}")
    try:
        with transaction.atomic():
            Mismatch.objects.get_or_create(
                kind=kind,
                stripe_id=stripe_id,
                resolved_at=None,
                defaults={"town_schema": schema, "detail": detail[:500]},
            )
    except IntegrityError:  # the same mismatch found by a run at the same moment
        pass


def _since(name: str) -> tuple[ReconcileCursor, datetime | None]:
    cursor, _ = ReconcileCursor.objects.get_or_create(name=name)
    return cursor, cursor.created_since - OVERLAP if cursor.created_since else None


def _created_filter(since: datetime | None) -> dict[str, Any]:
    # localstripe filters lists by nothing but the page; real Stripe takes `created`.
    if since is None or settings.STRIPE_IS_FAKE:
        return {}
    return {"created": {"gte": int(since.timestamp())}}


def _newer(obj: dict[str, Any], since: datetime | None) -> bool:
    created = services.stripe_time(obj.get("created") or obj.get("date"))
    return since is None or created is None or created >= since


def _advance(cursor: ReconcileCursor, newest: datetime | None, now: datetime) -> None:
    if newest is not None and (cursor.created_since is None or newest > cursor.created_since):
        cursor.created_since = newest
    cursor.last_run_at = now
    cursor.save(update_fields=["created_since", "last_run_at"])


def _read_subscriptions(report: Report, now: datetime) -> None:
    cursor, since = _since("subscriptions")
    newest: datetime | None = None
    for obj in _pages(stripe.Subscription.list, report, status="all", **_created_filter(since)):
        if not _newer(obj, since):
            continue
        report.subscriptions_read += 1
        created = services.stripe_time(obj.get("created"))
        newest = max(filter(None, [newest, created]), default=None)
        with transaction.atomic():
            outcome = services.apply_subscription(obj, seen_at=now)
        if outcome == "applied":
            report.repaired += 1
        elif outcome == "unknown":
            schema = str((obj.get("metadata") or {}).get("lq_schema") or "")
            _mismatch(
                report,
                kind="unknown-subscription",
                stripe_id=str(obj.get("id")),
                schema=schema,
                detail=f"a subscription of customer {obj.get('customer')} that no town has",
            )
    # The ones we hold that are not final, whenever they were created.
    held = TownSubscription.objects.exclude(stripe_subscription_id="").exclude(
        status__in=FINAL_SUBSCRIPTION
    )
    for row in held:
        try:
            obj = as_dict(stripe.Subscription.retrieve(row.stripe_subscription_id, **options()))
        except stripe.InvalidRequestError:
            _mismatch(
                report,
                kind="missing-in-stripe",
                stripe_id=row.stripe_subscription_id,
                schema=row.town.schema_name,
                detail=f"the subscription of {row.town.name} is not in Stripe",
            )
            continue
        finally:
            report.stripe_calls += 1
        with transaction.atomic():
            services.apply_subscription(obj, seen_at=now)
    _advance(cursor, newest, now)


def _apply_read_invoice(report: Report, obj: dict[str, Any], now: datetime) -> str:
    with transaction.atomic():
        outcome, schema, note = apply_invoice(
            obj, event_type="reconcile", seen_at=now, source="reconcile"
        )
    if outcome == "applied":
        report.repaired += 1
    elif outcome == "unknown":
        _mismatch(
            report,
            kind="unknown-invoice",
            stripe_id=str(obj.get("id")),
            schema=schema,
            detail=note or "an invoice no town knows",
        )
    return outcome


def _read_invoices(report: Report, now: datetime) -> None:
    cursor, since = _since("invoices")
    newest: datetime | None = None
    for obj in _pages(stripe.Invoice.list, report, **_created_filter(since)):
        if not _newer(obj, since):
            continue
        report.invoices_read += 1
        created = services.stripe_time(obj.get("created") or obj.get("date"))
        newest = max(filter(None, [newest, created]), default=None)
        _apply_read_invoice(report, obj, now)
    _advance(cursor, newest, now)


def _retrieve(report: Report, stripe_id: str) -> dict[str, Any] | None:
    report.stripe_calls += 1
    try:
        return as_dict(stripe.Invoice.retrieve(stripe_id, **options()))
    except stripe.InvalidRequestError:
        return None


def _check_held(
    report: Report, *, stripe_id: str, amount_due: int, schema: str, now: datetime
) -> None:
    obj = _retrieve(report, stripe_id)
    if obj is None:
        _mismatch(
            report,
            kind="missing-in-stripe",
            stripe_id=stripe_id,
            schema=schema,
            detail="an invoice we hold as open is not in Stripe",
        )
        return
    remote_due = int(obj.get("amount_due") or obj.get("total") or 0)
    if remote_due != amount_due:
        _mismatch(
            report,
            kind="invoice-amount",
            stripe_id=stripe_id,
            schema=schema,
            detail=f"we hold {amount_due} cents due, Stripe {remote_due}",
        )
    _apply_read_invoice(report, obj, now)


def _read_held_invoices(report: Report, now: datetime) -> None:
    for invoice in TownInvoice.objects.exclude(status__in=FINAL_INVOICE).select_related(
        "subscription__town"
    ):
        _check_held(
            report,
            stripe_id=invoice.stripe_invoice_id,
            amount_due=invoice.amount_due_cents,
            schema=invoice.subscription.town.schema_name,
            now=now,
        )
    kinds = handlers.invoice_kinds()
    if not kinds:
        return
    for town in Town.objects.filter(is_template=False).exclude(status=Town.Status.ARCHIVED):
        if not town.is_town:
            continue
        for kind in kinds:
            with inside_town(town):
                held = kind.open_invoices()
            for stripe_id, _status, amount_due in held:
                _check_held(
                    report,
                    stripe_id=stripe_id,
                    amount_due=amount_due,
                    schema=town.schema_name,
                    now=now,
                )


def reconcile() -> Report:
    """One reconciliation run (raises BillingOff without a key, Stripe's errors when it is
    down: the task is retried)."""
    options()
    report = Report()
    now = timezone.now()
    _read_subscriptions(report, now)
    _read_invoices(report, now)
    _read_held_invoices(report, now)
    logger.info(
        "stripe reconciliation: %d subscriptions and %d invoices read, %d repaired, "
        "%d mismatches, %d calls",
        report.subscriptions_read,
        report.invoices_read,
        report.repaired,
        len(report.mismatches),
        report.stripe_calls,
    )
    return report
