"""A town's record of every e-mail it sent: what kind, when, to how many, whether it bounced.

No addresses: the dashboard needs only the figures, and a bounce is matched by the
message's id (see `message_ids`).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

KIND_MAX = 100


class SentEmail(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=KIND_MAX)  # the template, e.g. "notify/message"
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField()
    bounced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at"]), models.Index(fields=["bounced_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_at:%Y-%m-%d}"
