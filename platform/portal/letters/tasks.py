"""Tasks of the e-letter; each is safe to run twice (see services/sending.py)."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from portal.background import SCHEMA_HEADER, TownTask
from tenants.current import current_schema

from .models import Letter
from .services.sending import LEASE, deliver_batch, resume_sending

# How often the watchdog looks again before it gives up (then the console's button is left).
WATCH_ROUNDS = 24


@shared_task(
    base=TownTask,
    name="letters.send_batch",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_letter_batch(letter_id: int) -> int:
    """Send up to one batch of the letter's open deliveries."""
    return deliver_batch(letter_id=letter_id)


@shared_task(base=TownTask, name="letters.watch")
def watch_letter(letter_id: int, rounds_left: int = WATCH_ROUNDS) -> int:
    """While the letter is being sent: re-queue what dead workers left, and look again later.

    The first look comes a lease after the batches were queued, each further one a lease
    later."""
    letter = Letter.objects.filter(pk=letter_id, status=Letter.Status.SENDING).first()
    if letter is None:
        return 0
    queued = resume_sending(letter=letter, waiting_too=False)
    letter.refresh_from_db(fields=["status"])
    if letter.status == Letter.Status.SENDING and rounds_left > 1:
        _watch_later(current_schema(), letter_id, rounds_left - 1)
    return queued


def _watch_later(schema: str, letter_id: int, rounds_left: int) -> None:
    watch_letter.apply_async(
        args=[letter_id, rounds_left],
        countdown=LEASE.total_seconds() + 60,
        headers={SCHEMA_HEADER: schema},
    )


def schedule_watch(letter_id: int) -> None:
    """Start the letter's watchdog a lease after the commit (it is one broker message)."""
    schema = current_schema()
    transaction.on_commit(lambda: _watch_later(schema, letter_id, WATCH_ROUNDS))
