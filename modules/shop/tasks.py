"""Background work of the shop: the e-mails of each step of an order, and requests nobody
answered in time (beat runs the expiry in every town with the shop on; see apps.py)."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.background import TownTask

from .models import Order, OrderEvent, OrderStatus


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
