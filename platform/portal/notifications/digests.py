"""Daily and weekly digests: what waited for a person's summary, sent once per period.

A digest row (person, frequency, period) is claimed before anything is sent: a retried batch
or a second worker finds the row and sends nothing again. It carries only what no digest has
carried yet and the person has not read in the portal meanwhile, and a digest with nothing in
it is not sent (its claim is undone, so the row stays unique and never empty).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from portal.accounts.models import User
from portal.mail import queue_town_email
from tenants.addresses import town_url

from .kinds import OFF, NotificationKind, all_kinds
from .models import Delivery, Digest, Notification, Preference
from .unsubscribe import headers_for, unsubscribe_url

ITEM_TEXT_MAX = 400  # characters of each notification's text in the e-mail


def digest_period(frequency: str, when: datetime) -> date:
    """The period a digest made at `when` belongs to: the town's day, or its week's Monday."""
    day = timezone.localdate(when)
    return day if frequency == Digest.Frequency.DAILY else day - timedelta(days=day.weekday())


def waiting(frequency: str) -> QuerySet[Notification]:
    """Notifications of the town that wait for a digest of `frequency`."""
    return Notification.objects.filter(delivery=frequency, digest__isnull=True)


def drop_read_waiting(frequency: str) -> int:
    """Read in the portal before their digest: no e-mail for them (and they no longer pile
    up, since only people with unread items are planned)."""
    return waiting(frequency).filter(read_at__isnull=False).update(delivery=Delivery.NONE)


def people_waiting(frequency: str) -> list[int]:
    """Ids of the people with something unread waiting for their `frequency` digest."""
    return list(
        waiting(frequency)
        .filter(read_at__isnull=True, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


@transaction.atomic
def send_digest(*, user: User, frequency: str, period: date) -> Digest | None:
    """Claim the person's digest of `period` and send it; None when it was sent before or
    there is nothing new in it."""
    digest, created = Digest.objects.get_or_create(user=user, frequency=frequency, period=period)
    if not created:
        return None
    items = waiting(frequency).filter(user=user)
    if not user.email:  # the address was removed meanwhile: nothing can be mailed
        items.update(delivery=Delivery.NONE)
        digest.delete()
        return None
    off = Preference.objects.filter(user=user, choice=OFF).values("kind")
    # Read in the portal meanwhile, or switched off since: no e-mail for them any more.
    items.filter(read_at__isnull=False).update(delivery=Delivery.NONE)
    items.filter(kind__in=off).update(delivery=Delivery.NONE)
    count = items.update(digest=digest, emailed_at=timezone.now())
    if not count:
        digest.delete()  # never an empty digest, and the period stays free for real news
        return None
    digest.item_count = count
    digest.save(update_fields=["item_count"])
    _queue(user, digest)
    return digest


def _queue(user: User, digest: Digest) -> None:
    with translation.override(user.language):
        items = _items(digest, all_kinds())
    link = unsubscribe_url(user, digest.frequency)
    queue_town_email(
        template="notifications/digest",
        to=[user.email],
        context={
            "name": user.full_name,
            "weekly": digest.frequency == Digest.Frequency.WEEKLY,
            "items": items,
            "inbox": town_url(reverse("notifications:inbox")),
            "preferences": town_url(reverse("notifications:preferences")),
            "unsubscribe_url": link,
        },
        language=user.language,
        headers=headers_for(link),
    )


def _items(digest: Digest, labels: dict[str, NotificationKind]) -> list[dict[str, str]]:
    return [
        {
            "title": item.title,
            "body": item.body[:ITEM_TEXT_MAX],
            "link": item.link,
            "kind": str(labels[item.kind].label) if item.kind in labels else "",
        }
        for item in digest.items.order_by("created_at", "pk")
    ]
