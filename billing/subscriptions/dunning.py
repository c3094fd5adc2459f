"""Dunning for towns: an invoice unpaid past the grace period flags the town and tells people.

Daily ("billing: town dunning"): a town invoice still open (or uncollectible)
`BILLING_DUNNING_GRACE_DAYS` after its due date sets the subscription's `dunning_since`
(the operator site flags the town) and is mailed once to the operators and to the town's
contact, in the town's branding. Nothing is suspended: that stays an operator's decision.
The flag goes when the town has no overdue invoice left (`services.apply_town_invoice`).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal.accounts.models import User
from portal.formatting import euros
from portal.mail import send_town_email
from tenants.current import inside_town

from .models import TownInvoice

logger = logging.getLogger(__name__)

LATE_STATES = ("open", "uncollectible")


def overdue_invoices() -> list[TownInvoice]:
    """Town invoices unpaid past their due date plus the grace period."""
    limit = timezone.now() - timedelta(days=settings.BILLING_DUNNING_GRACE_DAYS)
    return list(
        TownInvoice.objects.filter(status__in=LATE_STATES, due_at__lt=limit)
        .select_related("subscription__town")
        .order_by("due_at", "id")
    )


def _amount_and_due(invoice: TownInvoice) -> tuple[str, str]:
    """The unpaid amount and the due date, written in the active language."""
    due = invoice.due_at
    return (
        euros(invoice.amount_due_cents - invoice.amount_paid_cents),
        formats.date_format(timezone.localtime(due), "DATE_FORMAT") if due else "",
    )


def _tell(invoice: TownInvoice) -> None:
    town = invoice.subscription.town
    operators = [
        str(email)
        for email in User.objects.filter(is_staff=True, is_active=True).values_list(
            "email", flat=True
        )
        if email
    ]
    with override(settings.LANGUAGE_CODE):
        amount, due_text = _amount_and_due(invoice)
        if operators:
            send_mail(
                subject=_("Unpaid invoice: %(town)s") % {"town": town.name},
                message=_(
                    "The invoice %(invoice)s of %(town)s (%(amount)s) was due on %(due)s and "
                    "is still unpaid. The town is flagged on the operator site; suspending it "
                    "is your decision."
                )
                % {
                    "invoice": invoice.stripe_invoice_id,
                    "town": town.name,
                    "amount": amount,
                    "due": due_text,
                },
                from_email=None,
                recipient_list=operators,
            )
    recipients = {town.contact_email, invoice.subscription.billing_email} - {""}
    if recipients:
        with inside_town(town), override(town.default_language):
            amount, due_text = _amount_and_due(invoice)
            send_town_email(
                "billing_town_overdue",
                to=sorted(recipients),
                context={"amount": amount, "due": due_text, "hosted_url": invoice.hosted_url},
                language=town.default_language,
            )


def run_dunning() -> int:
    """Flag and tell, once per overdue invoice; the number of invoices newly told."""
    told = 0
    now = timezone.now()
    for invoice in overdue_invoices():
        with transaction.atomic():
            locked = TownInvoice.objects.select_for_update().get(pk=invoice.pk)
            if locked.dunning_mailed_at is not None:
                continue
            subscription = locked.subscription
            if subscription.dunning_since is None:
                subscription.dunning_since = now
                subscription.save(update_fields=["dunning_since", "updated_at"])
            locked.dunning_mailed_at = now
            locked.save(update_fields=["dunning_mailed_at", "updated_at"])
            # Told after the flag is committed; a failed mail is logged, the flag stays.
            transaction.on_commit(partial(_tell_logged, locked))
        told += 1
    return told


def _tell_logged(invoice: TownInvoice) -> None:
    try:
        _tell(invoice)
    except Exception:
        logger.exception("dunning mail for invoice %s failed", invoice.stripe_invoice_id)
