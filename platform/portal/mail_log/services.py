"""Writes of the mail log: a sent e-mail, and its bounce."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from .models import KIND_MAX, SentEmail


def new_record_id() -> uuid.UUID:
    return uuid.uuid4()


def record_sent_email(*, record_id: uuid.UUID, kind: str, recipients: int) -> SentEmail:
    """Record that the current town sent e-mail `record_id` (once: a retry records nothing)."""
    record, _created = SentEmail.objects.get_or_create(
        public_id=record_id, defaults={"kind": kind[:KIND_MAX], "recipients": recipients}
    )
    return record


def record_sent_copies(*, record_ids: list[uuid.UUID], kind: str) -> int:
    """Record one e-mail per id, each to one person, in one statement; ids recorded before
    (a copy sent again after a crash) are left as they are. The number of new records."""
    created = SentEmail.objects.bulk_create(
        [SentEmail(public_id=rid, kind=kind[:KIND_MAX], recipients=1) for rid in record_ids],
        ignore_conflicts=True,
    )
    return len(created)


@transaction.atomic
def mark_bounced(*, record_id: uuid.UUID) -> SentEmail | None:
    """Mark the current town's e-mail `record_id` bounced (the first bounce counts);
    None when the town has no such record."""
    record = SentEmail.objects.select_for_update().filter(public_id=record_id).first()
    if record is not None and record.bounced_at is None:
        record.bounced_at = timezone.now()
        record.save(update_fields=["bounced_at"])
    return record
