"""What a provider is told about its fee invoice: a failed payment, an overdue invoice.

Each once per invoice (the row records when), by e-mail to the invoice's address in the
town's branding and language; the mail leaves when the caller's transaction commits. Nobody
is blocked automatically: the town's administrators see the invoice marked on their page
(`views/invoices.py`) and decide.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal.branding.selectors import current_branding
from portal.formatting import euros
from portal.letters.periods import town_zone
from portal.mail import queue_town_email
from tenants.addresses import town_url

from ..models_invoices import ProviderInvoice
from ..statements import Month


def _context(row: ProviderInvoice, language: str) -> dict[str, Any]:
    with translation.override(language):
        due = (
            date_format(timezone.localtime(row.due_at, town_zone()), "DATE_FORMAT")
            if row.due_at is not None
            else ""
        )
        month = date_format(Month(row.year, row.month).first_day, "F Y")
    return {
        "provider": row.provider.name,
        "month": month,
        "amount": euros(row.total_cents),
        "due": due,
        "pay_url": row.hosted_url,
        "statement_url": town_url(
            reverse("shop:statement", args=[row.provider.slug, row.year, row.month])
        ),
    }


def _send(row: ProviderInvoice, template: str) -> None:
    language = current_branding().town_language or "de"
    queue_town_email(
        template=template,
        to=[row.email or row.provider.invoice_email],
        context=_context(row, language),
        language=language,
    )


def tell_payment_failed(row: ProviderInvoice) -> None:
    """Queue the e-mail that the invoice's payment failed (the caller records it once)."""
    _send(row, "shop/invoice_payment_failed")


def tell_overdue(row: ProviderInvoice) -> None:
    """Queue the e-mail that the invoice is past its due date (the caller records it once)."""
    _send(row, "shop/invoice_overdue")


def tell_overdue_providers(*, now: Any = None) -> int:
    """Tell each provider whose sent invoice is past its due date, once; how many."""
    from django.db import transaction

    moment = now or timezone.now()
    due = ProviderInvoice.objects.filter(
        state=ProviderInvoice.State.ISSUED, due_at__lt=moment, overdue_told_at__isnull=True
    ).values_list("pk", flat=True)
    told = 0
    for pk in list(due.order_by("pk")[:5000]):
        with transaction.atomic():
            row = (
                ProviderInvoice.objects.select_for_update(of=("self",))
                .select_related("provider")
                .filter(pk=pk, state=ProviderInvoice.State.ISSUED, overdue_told_at__isnull=True)
                .first()
            )
            if row is None:
                continue
            tell_overdue(row)
            row.overdue_told_at = moment
            row.save(update_fields=["overdue_told_at", "updated_at"])
            told += 1
    return told
