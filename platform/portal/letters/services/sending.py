"""Sending a letter to everyone, exactly once each, in batches.

1. `send_letter` (one transaction): the letter becomes "sending" and one delivery row per
   recipient is made by a single INSERT … SELECT (unique per letter and person), and
   ceil(n / BATCH_SIZE) batch tasks are queued after the commit: 10,000 people are 50 broker
   messages, whatever the number of people.
2. Each batch (`deliver_batch`) claims up to BATCH_SIZE rows nobody holds (pending, or held
   by a batch whose lease ran out) with `SELECT … FOR UPDATE SKIP LOCKED`, so two batches
   never take the same row. Per person it marks the row "sending" (only while its claim is
   still its own; the mark renews the row's lease), hands the mail to the server, and marks
   it "sent" — each mark committed at once. A batch run twice, or a task delivered twice,
   finds nothing left to take. A batch that has run for half a lease sends no further row:
   it gives the rest back and queues a batch for them, so no row it holds outlives its lease.
3. A worker that dies leaves its rows claimed; when the lease ends they are taken again by
   `resume_sending` (the letter's watchdog task, or the console's button). Rows still
   "claimed" were never handed to the server and are simply sent.

The window that remains: the worker dies while the server accepts a mail, before "sent" is
committed (a few milliseconds per mail; at most one mail per dying worker). That row is left
"sending"; after its lease it becomes "uncertain" (the person may have it) and is not sent
again by itself. The console shows these, and a moderator may send them again
(`resend_uncertain`), with the same Message-ID, so that mail systems and mail programs can
recognise a second copy as the same message.
"""

from __future__ import annotations

import logging
import math
import uuid
from datetime import datetime, timedelta
from smtplib import SMTPRecipientsRefused

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.background import enqueue_on_commit
from portal.letters.mailing import copy_record_id, letter_message, render_letter_mail
from portal.letters.models import Delivery, Letter
from portal.letters.recipients import letter_recipients
from portal.mail_log.services import record_sent_copies

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# Longer than a batch of BATCH_SIZE mails can take; a claim older than this is abandoned.
LEASE = timedelta(minutes=15)
OPEN = [Delivery.Status.PENDING, Delivery.Status.CLAIMED, Delivery.Status.SENDING]


def _create_deliveries(letter: Letter) -> int:
    """One row per recipient, in one statement; people who have one already are left out."""
    select_sql, params = letter_recipients().values_list("pk").query.sql_with_params()
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (letter_id, user_id, status, attempts, created_at) "  # noqa: S608
            f"SELECT %s, recipient.id, %s, 0, %s FROM ({select_sql}) AS recipient(id) "
            "ON CONFLICT (letter_id, user_id) DO NOTHING",
            [letter.pk, Delivery.Status.PENDING, timezone.now(), *params],
        )
        return int(cursor.rowcount)


def _queue_batches(letter: Letter, rows: int) -> int:
    from portal.letters.tasks import send_letter_batch

    batches = math.ceil(rows / BATCH_SIZE)
    for _number in range(batches):
        enqueue_on_commit(send_letter_batch, letter.pk)
    return batches


@transaction.atomic
def send_letter(*, letter: Letter, by: User) -> int:
    """Send a draft to everyone who receives letters; the number of people. Once only."""
    from portal.letters.tasks import schedule_watch

    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_draft:
        raise ValidationError(_("This letter is being sent or has been sent already."))
    if not letter.sections.exclude(body="").exists() and not letter.intro:
        raise ValidationError(_("The letter has no text yet. Please write it first."))
    count = _create_deliveries(letter)
    if count == 0:
        raise ValidationError(_("Nobody would receive this letter: no one has an address."))
    letter.status = Letter.Status.SENDING
    letter.send_started_at = timezone.now()
    letter.sent_by = by
    letter.recipient_count = count
    letter.save(update_fields=["status", "send_started_at", "sent_by", "recipient_count"])
    record_audit(actor=by, action="letter_sent", target=letter, detail={"recipients": count})
    _queue_batches(letter, count)
    schedule_watch(letter.pk)
    return count


def _abandoned(letter: Letter, now: datetime) -> QuerySet[Delivery]:
    """Rows a batch took, never handed to the server, and held for longer than the lease:
    its worker has died."""
    return Delivery.objects.filter(
        letter=letter, status=Delivery.Status.CLAIMED, claimed_at__lt=now - LEASE
    )


def _mark_uncertain(letter: Letter, now: datetime) -> int:
    """Rows left "sending" past their lease: the worker died while handing the mail to the
    server, which may have accepted it. They are not sent again by themselves."""
    return Delivery.objects.filter(
        letter=letter, status=Delivery.Status.SENDING, claimed_at__lt=now - LEASE
    ).update(status=Delivery.Status.UNCERTAIN, claim_token=None)


def _takeable(letter: Letter, now: datetime) -> QuerySet[Delivery]:
    return Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING) | Q(pk__in=_abandoned(letter, now).values("pk")),
        letter=letter,
    )


def _claim(letter: Letter, token: uuid.UUID, size: int, now: datetime) -> list[tuple[int, int]]:
    with transaction.atomic():
        rows = list(
            _takeable(letter, now)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", "user_id")[:size]
        )
        Delivery.objects.filter(pk__in=[pk for pk, _user in rows]).update(
            status=Delivery.Status.CLAIMED,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    return rows


def _mark(pk: int, token: uuid.UUID, status: str, **extra: object) -> bool:
    """Move a row we still hold to `status`; False when another batch has taken it over."""
    return bool(Delivery.objects.filter(pk=pk, claim_token=token).update(status=status, **extra))


def _release(token: uuid.UUID) -> int:
    """Give back what a batch holds but did not hand to the server (it is failing, or has
    run for half a lease); the number of rows given back."""
    return Delivery.objects.filter(claim_token=token, status=Delivery.Status.CLAIMED).update(
        status=Delivery.Status.PENDING, claim_token=None, claimed_at=None
    )


def _log_copy(letter: Letter, person: User) -> None:
    """The copy in the town's mail log (the dashboard's "e-mails sent"), once per copy: one
    record per copy rather than per batch, because a bounce is about one copy, and a
    record is one small row written with the "sent" mark (no extra round trip's worth
    next to handing the mail to the server)."""
    record_sent_copies(
        record_ids=[copy_record_id(letter_id=letter.public_id, user_id=person.public_id)],
        kind="letter",
    )


def finish_if_done(letter: Letter) -> bool:
    """Mark the letter sent once no row is open any more."""
    if Delivery.objects.filter(letter=letter, status__in=OPEN).exists():
        return False
    Letter.objects.filter(pk=letter.pk, status=Letter.Status.SENDING).update(
        status=Letter.Status.SENT, sent_at=timezone.now()
    )
    return True


def deliver_batch(*, letter_id: int, size: int = BATCH_SIZE) -> int:
    """Claim up to `size` open rows of the letter and send them; the number sent.

    Runs outside a transaction on purpose: every mark is committed as soon as it is made."""
    letter = Letter.objects.filter(pk=letter_id, status=Letter.Status.SENDING).first()
    if letter is None:
        return 0
    token = uuid.uuid4()
    rows = _claim(letter, token, size, timezone.now())
    if not rows:
        finish_if_done(letter)
        return 0
    people = User.objects.people().in_bulk([user_id for _pk, user_id in rows])
    # asked again now: someone may have switched the letter off (or been blocked) since the
    # rows were made, possibly hours ago in a long send
    still_receiving = set(
        letter_recipients().filter(pk__in=list(people)).values_list("pk", flat=True)
    )
    rendered = render_letter_mail(letter)
    sent = 0
    started = timezone.now()
    out_of_time = False
    mail_server = get_connection()
    try:
        mail_server.open()
        for pk, user_id in rows:
            if timezone.now() - started >= LEASE / 2:
                out_of_time = True  # the rest goes to a new batch before our lease ends
                break
            person = people.get(user_id)
            if person is None or not person.email or user_id not in still_receiving:
                _mark(pk, token, Delivery.Status.SKIPPED)
                continue
            message = letter_message(letter, person, rendered)
            if not _mark(pk, token, Delivery.Status.SENDING, claimed_at=timezone.now()):
                continue  # our lease ran out and another batch has it now
            try:
                mail_server.send_messages([message])
            except SMTPRecipientsRefused:
                _mark(pk, token, Delivery.Status.FAILED)
                continue
            with transaction.atomic():
                _mark(pk, token, Delivery.Status.SENT, sent_at=timezone.now())
                _log_copy(letter, person)
            sent += 1
    except Exception:
        _release(token)
        raise
    finally:
        mail_server.close()
    if out_of_time:
        given_back = _release(token)
        if given_back:
            _queue_batches(letter, given_back)
    finish_if_done(letter)
    return sent


def resume_sending(*, letter: Letter, waiting_too: bool = True) -> int:
    """Queue batches for the rows nobody holds; the number of batches queued.

    Rows whose lease ran out always count; `waiting_too` adds the rows no batch has taken yet
    (the console's button: their own batch messages may have been lost). The watchdog leaves
    those to the batch messages still queued for them, which the broker keeps until a worker
    has finished them (late acknowledgement), so that it adds no messages while a long send
    is simply still running."""
    if not Letter.objects.filter(pk=letter.pk, status=Letter.Status.SENDING).exists():
        return 0
    now = timezone.now()
    _mark_uncertain(letter, now)
    rows = _takeable(letter, now) if waiting_too else _abandoned(letter, now)
    open_rows = rows.count()
    if open_rows == 0:
        finish_if_done(letter)
        return 0
    return _queue_batches(letter, open_rows)


@transaction.atomic
def resend_uncertain(*, letter: Letter, by: User) -> int:
    """A moderator's decision: send the letter again to the people whose copy is uncertain
    (the same message, same Message-ID); the number of people."""
    from portal.letters.tasks import schedule_watch

    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    count = Delivery.objects.filter(letter=letter, status=Delivery.Status.UNCERTAIN).update(
        status=Delivery.Status.PENDING, claim_token=None, claimed_at=None
    )
    if count == 0:
        raise ValidationError(_("Nobody's copy of this letter is uncertain."))
    if letter.status == Letter.Status.SENT:
        letter.status = Letter.Status.SENDING
        letter.save(update_fields=["status"])
    record_audit(
        actor=by, action="letter_resent_uncertain", target=letter, detail={"recipients": count}
    )
    _queue_batches(letter, count)
    schedule_watch(letter.pk)
    return count
