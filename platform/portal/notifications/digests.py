"""Daily and weekly digests: what waited for a person's summary, sent once per period.

A digest row (person, frequency, period) is claimed before anything is sent: a retried batch
or a second worker finds the row and sends nothing again. A batch sends its digests itself,
over one connection to the mail server (no broker message per person); a digest whose send
failed is unclaimed and sent by the batch's retry. It carries only what no digest has
carried yet and the person has not read in the portal meanwhile, and a digest with nothing in
it is not sent (its claim is undone, so the row stays unique and never empty).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from portal.accounts.models import User
from portal.mail import build_town_email
from portal.mail_log.services import record_sent_email
from tenants.addresses import town_url

from .kinds import OFF, NotificationKind, all_kinds
from .models import Delivery, Digest, Notification, Preference
from .unsubscribe import headers_for, unsubscribe_url

ITEM_TEXT_MAX = 400  # characters of each notification's text in the e-mail
TEMPLATE = "notifications/digest"


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
def claim_digest(*, user: User, frequency: str, period: date) -> Digest | None:
    """Claim the person's digest of `period` and put in it what waits; None when it was
    claimed before or there is nothing new in it."""
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
    count = items.update(digest=digest)
    if not count:
        digest.delete()  # never an empty digest, and the period stays free for real news
        return None
    digest.item_count = count
    digest.save(update_fields=["item_count"])
    return digest


def send_digest(
    *, user: User, frequency: str, period: date, mail_server: BaseEmailBackend | None = None
) -> Digest | None:
    """Claim the person's digest of `period` and send it over `mail_server` (a batch's one
    open connection); None when it was sent before or there is nothing new in it.

    Its items count as e-mailed only once the server accepted it. When sending fails the
    claim is undone (the items wait again, the period is free) and the error is raised, so
    that the retried batch sends it."""
    digest = claim_digest(user=user, frequency=frequency, period=period)
    if digest is None:
        return None
    message, record_id = _message(user, digest)
    try:
        (mail_server or get_connection()).send_messages([message])
    except Exception:
        _unclaim(digest)
        raise
    digest.items.update(emailed_at=timezone.now())
    if record_id is not None:
        record_sent_email(record_id=record_id, kind=TEMPLATE, recipients=1)
    return digest


@transaction.atomic
def _unclaim(digest: Digest) -> None:
    Notification.objects.filter(digest=digest).update(digest=None)
    digest.delete()


def _message(user: User, digest: Digest) -> tuple[EmailMultiAlternatives, UUID | None]:
    with translation.override(user.language):
        items = _items(digest, all_kinds())
    link = unsubscribe_url(user, digest.frequency)
    return build_town_email(
        template=TEMPLATE,
        to=[user.email or ""],
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
