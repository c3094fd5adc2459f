"""Background work of the shop: the e-mails of each step of an order, and requests nobody
answered in time (beat runs the expiry in every town with the shop on; see apps.py)."""

from __future__ import annotations

import logging

import stripe
from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.background import TownTask

from .models import Order, OrderEvent, OrderStatus
from .services.invoices import InvoicingIncomplete

logger = logging.getLogger(__name__)


@shared_task(
    base=TownTask,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=10,
)
def send_order_event_mail(event_id: int) -> bool:
    """Send the e-mails of an order event once; a retry after success sends nothing. The
    order itself is stored already, so a failing mail server loses nothing."""
    from .order_mails import send_event_mails

    with transaction.atomic():
        event = (
            OrderEvent.objects.select_for_update(of=("self",))
            .select_related("order__provider", "order__resident", "order__offer")
            .filter(pk=event_id, mailed_at__isnull=True)
            .first()
        )
        if event is None:
            return False
        send_event_mails(event)
        event.mailed_at = timezone.now()
        event.save(update_fields=["mailed_at"])
    return True


@shared_task(base=TownTask)
def expire_unanswered_requests() -> int:
    """Expire requests past their answer time and accepted orders whose proposed time came
    unconfirmed (each under its row lock); how many expired."""
    from .services.orders import expire_order

    now = timezone.now()
    due = (
        Order.objects.filter(
            Q(status=OrderStatus.REQUESTED, expires_at__lte=now)
            | Q(status=OrderStatus.ACCEPTED, appointment_start__lte=now)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    expired = 0
    for pk in list(due[:5000]):
        if expire_order(order=Order(pk=pk)) is not None:
            expired += 1
    return expired


@shared_task(base=TownTask)
def send_appointment_reminders() -> int:
    """Remind both sides of tomorrow's confirmed appointments (each order once); how many."""
    from .services.reminders import remind_tomorrows_appointments

    return remind_tomorrows_appointments()


@shared_task(
    base=TownTask,
    # Stripe unreachable or failing, or some providers not invoiced (each logged).
    autoretry_for=(
        stripe.APIConnectionError,
        stripe.APIError,
        stripe.RateLimitError,
        OSError,
        InvoicingIncomplete,
    ),
    retry_backoff=300,
    retry_backoff_max=6 * 3600,
    max_retries=12,
)
def invoice_fees(year: int | None = None, month: int | None = None) -> int:
    """Invoice the providers' fees of a month (default: the previous one) in Stripe; how many
    invoices were sent or credits carried. Billing off: nothing, and the log says so. Stripe
    down: raises, and Celery retries later; the retry finishes what was begun."""
    from billing.subscriptions.stripe_client import billing_enabled
    from tenants.current import current_schema

    from .services.invoices import invoice_month, previous_month
    from .statements import Month

    if not billing_enabled():
        logger.info("Fee invoices in %s: billing is off (no STRIPE_API_KEY)", current_schema())
        return 0
    period = Month(year, month) if year and month else previous_month()
    run = invoice_month(period=period)
    logger.info(
        "Fee invoices in %s for %s-%02d: %d sent, %d credits, %d unchanged",
        current_schema(),
        period.year,
        period.month,
        run.issued,
        run.credits,
        run.unchanged,
    )
    return run.issued + run.credits


@shared_task(base=TownTask)
def tell_overdue_fee_invoices() -> int:
    """Tell the providers whose fee invoice is past its due date (each invoice once)."""
    from .services.invoice_notices import tell_overdue_providers

    return tell_overdue_providers()
