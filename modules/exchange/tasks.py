"""Daily work of the exchange: renewal reminders and expiry (beat runs it in every town with
the exchange on; see apps.py and portal.registry)."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.services import town_url
from portal.background import TownTask
from portal.notify import notify

from .models import Listing
from .notification_kinds import REMINDERS
from .selectors import current_settings


@shared_task(base=TownTask)
def process_listing_expiry() -> dict[str, int]:
    """Remind owners once, a few days before expiry; mark expired listings. Safe to repeat."""
    now = timezone.now()
    rules = current_settings()
    reminded = 0
    due = Listing.objects.filter(
        status=Listing.Status.ACTIVE,
        reminder_sent_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + timedelta(days=rules.reminder_days),
        owner__is_active=True,
    ).select_related("owner")
    for listing in due.iterator(chunk_size=500):
        with transaction.atomic():
            # The conditional update makes a second run (or a parallel one) send nothing.
            claimed = Listing.objects.filter(pk=listing.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            notify(
                listing.owner,
                "exchange/listing_reminder",
                context={
                    "listing": listing.title,
                    "expires": timezone.localtime(listing.expires_at).strftime("%d.%m.%Y"),
                    "link": town_url(reverse("exchange:detail", args=[listing.public_id])),
                },
                kind=REMINDERS.key,
            )
            reminded += 1
    expired = Listing.objects.filter(status=Listing.Status.ACTIVE, expires_at__lte=now).update(
        status=Listing.Status.EXPIRED
    )
    return {"reminded": reminded, "expired": expired}
