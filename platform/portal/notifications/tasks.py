"""Digest tasks: beat starts a plan in every town; each plan queues one task per batch of
people (never one per person), and each batch claims and sends its people's digests."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.core.mail import get_connection
from django.utils import timezone

from portal.accounts.models import User
from portal.background import TownTask, enqueue_on_commit

from . import digests
from .models import Digest

BATCH_SIZE = 200  # people per batch task


def _plan(frequency: str) -> int:
    period = digests.digest_period(frequency, timezone.now())
    digests.drop_read_waiting(frequency)
    people = digests.people_waiting(frequency)
    batches = [people[i : i + BATCH_SIZE] for i in range(0, len(people), BATCH_SIZE)]
    for batch in batches:
        # The period is fixed here: a batch retried tomorrow still claims today's digest.
        enqueue_on_commit(send_digest_batch, frequency, period.isoformat(), batch)
    return len(batches)


@shared_task(base=TownTask, name="notifications.plan_daily_digests")
def plan_daily_digests() -> int:
    """In one town: queue the daily digests, one task per batch of people; the batches."""
    return _plan(Digest.Frequency.DAILY)


@shared_task(base=TownTask, name="notifications.plan_weekly_digests")
def plan_weekly_digests() -> int:
    """In one town: queue the weekly digests, one task per batch of people; the batches."""
    return _plan(Digest.Frequency.WEEKLY)


@shared_task(
    base=TownTask,
    name="notifications.send_digest_batch",
    autoretry_for=(OSError,),  # SMTPException is one
    retry_backoff=True,
    max_retries=5,
)
def send_digest_batch(frequency: str, period: str, user_ids: list[int]) -> int:
    """Send the digests of these people for `period`; the number sent. Idempotent: a retry
    (or a second delivery of the message) finds the claimed digests and sends none again."""
    if frequency not in Digest.Frequency.values:
        raise ValueError(f"Unknown digest frequency {frequency!r}")
    day = date.fromisoformat(period)
    sent = 0
    # One connection for the whole batch; a failure raises, the retry sends what is left.
    with get_connection() as mail_server:
        for user in User.objects.people().filter(pk__in=user_ids, is_active=True).order_by("pk"):
            digest = digests.send_digest(
                user=user, frequency=frequency, period=day, mail_server=mail_server
            )
            if digest is not None:
                sent += 1
    return sent
