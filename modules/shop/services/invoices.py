"""A provider's monthly fee invoice in Stripe, all or nothing.

`invoice_provider_month` turns a final month's `FeeStatement` into one Stripe invoice:
1. a local `ProviderInvoice` row (state "pending") with the statement's lines as a snapshot
   and the credit carried in from earlier months, in one transaction; a month whose total
   (with the carried credit) is not above zero becomes a "credit" row instead, and Stripe is
   not called;
2. from that snapshot: the provider's Stripe customer, one invoice item per line (a
   reversal's amount negative, the carried credit one negative line), the invoice
   (`send_invoice`, due after settings.BILLING_PROVIDER_DAYS_UNTIL_DUE days), then its
   finalization, which sends it;
3. the row becomes "issued" only after the finalization.
Every create goes through `create_once`, keyed by our immutable ids (the provider's public id,
each line's ledger key, the row's month), so a run that died anywhere in step 2 is finished by
the next one: what Stripe made is found, nothing is made twice. The provider is invoiced for
the month completely or not at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import stripe
from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from billing.subscriptions.stripe_client import (
    BillingOff,
    as_dict,
    create_once,
    find_by_key,
    options,
    recorded_id,
)
from portal.branding.selectors import current_branding
from tenants.current import current_schema

from ..models import Provider
from ..models_invoices import ProviderInvoice
from ..statements import Month, NoStatement, _uuids, fee_statement
from .invoice_state import apply_stripe_invoice

logger = logging.getLogger(__name__)

KIND = "shop_fees"
CURRENCY = "eur"
State = ProviderInvoice.State


class InvoiceDiffers(RuntimeError):
    """Stripe's draft does not add up to the row's total: it is not sent; a person looks."""


@dataclass
class StripeCalls:
    """How many calls the run made (the benchmark reads it)."""

    count: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.count += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1


CALLS = StripeCalls()


def _provider_key_base(provider: Provider) -> str:
    return f"shop:{current_schema()}:provider:{provider.public_id}"


def customer_key(provider: Provider) -> str:
    """The create_once key of the provider's Stripe customer."""
    return f"{_provider_key_base(provider)}:customer"


def invoice_key(row: ProviderInvoice) -> str:
    """The create_once key of the month's Stripe invoice."""
    return f"{_provider_key_base(row.provider)}:fees:{row.year:04d}-{row.month:02d}"


def item_key(ledger_key: str) -> str:
    """The create_once key of a line's invoice item: its ledger key is unique in the town."""
    return f"shop:{current_schema()}:item:{ledger_key}"


def _metadata(row: ProviderInvoice, key: str) -> dict[str, str]:
    return {
        "lq_kind": KIND,
        "lq_schema": current_schema(),
        "lq_key": key,
        "lq_provider": str(row.provider.public_id),
        "lq_month": f"{row.year:04d}-{row.month:02d}",
        "lq_invoice": str(row.public_id),
    }


# --- step 1: the plan ------------------------------------------------------------------------


def _snapshot(statement_lines: Any) -> list[dict[str, Any]]:
    return [
        {
            "ledger_key": line.ledger_key,
            "order_number": line.order_number,
            "offer_title": line.offer_title,
            "cents": line.cents,
            "is_reversal": line.is_reversal,
        }
        for line in statement_lines
    ]


def _plan(provider: Provider, period: Month) -> ProviderInvoice | None:
    """The month's row, made now from the final statement if it does not exist yet; None for
    a month without fees (or before the provider existed)."""
    with transaction.atomic():
        # One planner per provider at a time: the credit it takes over is taken once.
        provider = Provider.objects.select_for_update().get(pk=provider.pk)
        existing = ProviderInvoice.objects.filter(
            provider=provider, year=period.year, month=period.month
        ).first()
        if existing is not None:
            return existing
        try:
            statement = fee_statement(provider=provider, year=period.year, month=period.month)
        except NoStatement:
            return None
        if not statement.is_final:
            raise ValueError(f"{period.year}-{period.month:02d} is not over yet")
        if not statement.lines:
            return None
        open_credits = list(
            ProviderInvoice.objects.select_for_update()
            .filter(provider=provider, state=State.CREDIT, credit_taken_by__isnull=True)
            .exclude(year__gt=period.year)
            .exclude(year=period.year, month__gte=period.month)
        )
        carried_in = -sum(row.credit_cents for row in open_credits)
        total = statement.total_cents + carried_in
        row = ProviderInvoice.objects.create(
            provider=provider,
            year=period.year,
            month=period.month,
            state=State.PENDING if total > 0 else State.CREDIT,
            lines=_snapshot(statement.lines),
            carried_in_cents=carried_in,
            total_cents=total,
            credit_cents=max(0, -total),
            email=provider.invoice_email,
        )
        ProviderInvoice.objects.filter(pk__in=[c.pk for c in open_credits]).update(
            credit_taken_by=row, updated_at=timezone.now()
        )
    return row


# --- step 2: Stripe --------------------------------------------------------------------------


def _find_in(lister: Any, key: str, kind: str, **filters: Any) -> str | None:
    """The id of the object whose metadata lq_key is `key` (each page read counted)."""
    return find_by_key(lister, key, on_page=lambda: CALLS.add(f"list {kind}"), **filters)


def _customer(row: ProviderInvoice) -> str:
    key = customer_key(row.provider)
    known = recorded_id(key)
    if known is not None:
        # An existing customer gets the address of this invoice (it may have changed).
        stripe.Customer.modify(known, email=row.email, **options())
        CALLS.add("modify customer")
        return known

    def create(extra: dict[str, Any]) -> Any:
        CALLS.add("create customer")
        customer = stripe.Customer.create(
            email=row.email,
            name=row.provider.name,
            preferred_locales=[current_branding().town_language or "de"],
            metadata={**_metadata(row, key), "lq_kind": "shop_provider"},
            **extra,
        )
        if settings.STRIPE_IS_FAKE:
            # The fake pays an invoice only from a card (real Stripe: the hosted page).
            from billing.subscriptions.fake_stripe import attach_test_card

            attach_test_card(str(customer.id))
        return customer

    return create_once(
        key=key,
        kind="customer",
        create=create,
        find=lambda k: _find_in(stripe.Customer.list, k, "customers", email=row.email),
    )


def _month_name(row: ProviderInvoice) -> str:
    return date_format(Month(row.year, row.month).first_day, "F Y")


def _item_description(line: dict[str, Any]) -> str:
    what = f"{line['order_number'] or line['ledger_key']}: {line['offer_title']}".strip(": ")
    if line["is_reversal"]:
        return _("Reversal, order cancelled: %(what)s") % {"what": what}
    return _("Fee into the LQ Fonds, order %(what)s") % {"what": what}


def _items(row: ProviderInvoice, customer: str) -> int:
    """One invoice item per line (and one for the carried credit); how many."""
    wanted = [
        (item_key(line["ledger_key"]), int(line["cents"]), _item_description(line))
        for line in row.lines
    ]
    if row.carried_in_cents:
        wanted.append(
            (
                f"{invoice_key(row)}:credit",
                row.carried_in_cents,
                _("Credit carried from earlier months"),
            )
        )
    for key, cents, description in wanted:

        def create(
            extra: dict[str, Any], key: str = key, cents: int = cents, text: str = description
        ) -> Any:
            CALLS.add("create invoice item")
            return stripe.InvoiceItem.create(
                customer=customer,
                amount=cents,
                currency=CURRENCY,
                description=text[:500],
                metadata={**_metadata(row, key), "lq_invoice_key": invoice_key(row)},
                **extra,
            )

        create_once(
            key=key,
            kind="invoiceitem",
            create=create,
            # Only items not yet on an invoice are listed: the invoice takes them all.
            find=lambda k: _find_in(stripe.InvoiceItem.list, k, "invoice items", customer=customer),
        )
    return len(wanted)


def _invoice(row: ProviderInvoice, customer: str) -> tuple[str, dict[str, Any] | None]:
    """The invoice's id, and the invoice itself when it was made just now."""
    key = invoice_key(row)
    made: dict[str, Any] = {}

    def create(extra: dict[str, Any]) -> Any:
        CALLS.add("create invoice")
        invoice = stripe.Invoice.create(
            customer=customer,
            collection_method="send_invoice",
            days_until_due=settings.BILLING_PROVIDER_DAYS_UNTIL_DUE,
            pending_invoice_items_behavior="include",
            description=_("Fees into the LQ Fonds for %(month)s") % {"month": _month_name(row)},
            metadata=_metadata(row, key),
            **extra,
        )
        made["invoice"] = as_dict(invoice)
        return invoice

    stripe_id = create_once(
        key=key,
        kind="invoice",
        create=create,
        find=lambda k: _find_in(stripe.Invoice.list, k, "invoices", customer=customer),
    )
    return stripe_id, made.get("invoice")


def _finalized(
    row: ProviderInvoice, stripe_id: str, fresh: dict[str, Any] | None
) -> dict[str, Any]:
    invoice = fresh
    if invoice is None:
        invoice = as_dict(stripe.Invoice.retrieve(stripe_id, **options()))
        CALLS.add("retrieve invoice")
    if invoice.get("status") != "draft":
        return invoice  # finalized by an earlier run, or by a person in Stripe
    raw_due = invoice.get("amount_due")
    due = int(raw_due) if raw_due is not None else -1
    if due != row.total_cents:
        raise InvoiceDiffers(
            f"Stripe's draft {stripe_id} asks {due} cents, the statement {row.total_cents}"
        )
    CALLS.add("finalize invoice")
    return as_dict(stripe.Invoice.finalize_invoice(stripe_id, **options()))


def _issue(row: ProviderInvoice) -> ProviderInvoice:
    with translation.override(current_branding().town_language or "de"):
        customer = _customer(row)
        _items(row, customer)
        stripe_id, fresh = _invoice(row, customer)
        invoice = _finalized(row, stripe_id, fresh)
    with transaction.atomic():
        locked = ProviderInvoice.objects.select_for_update().get(pk=row.pk)
        apply_stripe_invoice(locked, invoice, seen_at=timezone.now(), issued=True)
    return locked


# --- the service -----------------------------------------------------------------------------


def invoice_provider_month(*, provider: Provider, period: Month) -> ProviderInvoice | None:
    """Invoice the provider's fees of the (final) month in Stripe, once; the month's row, or
    None for a month without fees. Finishes the provider's earlier unfinished months first
    (Stripe puts every pending item of a customer on the next invoice). Raises BillingOff
    without a key and Stripe's errors when it fails: the call is to be retried, and the
    retry finishes what this one began. Must run outside a transaction."""
    for earlier in (
        ProviderInvoice.objects.filter(provider=provider, state=State.PENDING)
        .exclude(year=period.year, month=period.month)
        .order_by("year", "month")
    ):
        if (earlier.year, earlier.month) < (period.year, period.month):
            _issue(earlier)
    row = _plan(provider, period)
    if row is None or row.state != State.PENDING:
        return row
    options()  # BillingOff before any call
    return _issue(row)


def providers_with_fees(period: Month) -> list[Provider]:
    """The providers whose receivable has fee postings in the month, or an unfinished
    invoice of any month (two queries)."""
    from billing.fees.selectors import providers_with_fees_in_month

    keys = providers_with_fees_in_month(year=period.year, month=period.month)
    pending = ProviderInvoice.objects.filter(state=State.PENDING).values_list(
        "provider_id", flat=True
    )
    return list(
        Provider.objects.filter(Q(public_id__in=_uuids(keys)) | Q(pk__in=pending)).order_by("pk")
    )


def previous_month(now: datetime | None = None) -> Month:
    """The month before the current one in the town's calendar."""
    from portal.letters.periods import town_zone

    return Month.of(timezone.localdate(now or timezone.now(), town_zone())).previous()


def credit_left(provider: Provider) -> int:
    """The credit (cents, >= 0) the provider has not yet had taken off an invoice."""
    total = ProviderInvoice.objects.filter(
        provider=provider, state=State.CREDIT, credit_taken_by__isnull=True
    ).aggregate(total=Sum("credit_cents"))["total"]
    return int(total or 0)


class InvoicingIncomplete(RuntimeError):
    """Some providers of the month could not be invoiced (each is logged); retry the run."""


@dataclass
class MonthRun:
    period: Month
    issued: int = 0
    credits: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)


def invoice_month(*, period: Month) -> MonthRun:
    """Invoice every provider with fees in the month, each in its own step (a provider is
    invoiced completely or not at all). Stripe unreachable: raises at once (the task is
    retried later and finishes what was begun). Any other failure is logged with the
    provider, the others go on, and InvoicingIncomplete is raised at the end."""
    run = MonthRun(period=period)
    for provider in providers_with_fees(period):
        before = (
            ProviderInvoice.objects.filter(provider=provider, year=period.year, month=period.month)
            .values_list("state", flat=True)
            .first()
        )
        try:
            row = invoice_provider_month(provider=provider, period=period)
        except (stripe.APIConnectionError, BillingOff):
            logger.exception(
                "Invoicing provider %s for %s-%02d: Stripe is unreachable; the run stops",
                provider.public_id,
                period.year,
                period.month,
            )
            raise
        except Exception:
            logger.exception(
                "Invoicing provider %s for %s-%02d failed",
                provider.public_id,
                period.year,
                period.month,
            )
            run.failed.append(str(provider.public_id))
            continue
        if row is None or row.state == before:
            run.unchanged += 1
        elif row.state == State.CREDIT:
            run.credits += 1
        else:
            run.issued += 1
    if run.failed:
        raise InvoicingIncomplete(
            f"{len(run.failed)} providers not invoiced for {period.year}-{period.month:02d}: "
            + ", ".join(run.failed[:20])
        )
    return run
