"""A copy of a letter that could not be delivered: the bounce intake reports it here."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from portal.letters.mailing import copy_record_id
from portal.letters.models import Delivery
from portal.mail_log.services import mark_bounced

# A copy in doubt ("sending": a worker died after handing it over) may have gone out too.
HANDED_OVER = [Delivery.Status.SENT, Delivery.Status.SENDING]


@transaction.atomic
def mark_copy_bounced(*, letter_id: uuid.UUID, user_id: uuid.UUID) -> Delivery | None:
    """Mark the current town's copy of letter `letter_id` for person `user_id` bounced, and
    its mail log record (the first report counts); None when the town sent no such copy."""
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .filter(letter__public_id=letter_id, user__public_id=user_id, status__in=HANDED_OVER)
        .first()
    )
    if delivery is None:
        return None
    if delivery.bounced_at is None:
        delivery.bounced_at = timezone.now()
        delivery.save(update_fields=["bounced_at"])
    # Copies sent before the mail log knew letters have no record; the delivery still counts.
    mark_bounced(record_id=copy_record_id(letter_id=letter_id, user_id=user_id))
    return delivery
