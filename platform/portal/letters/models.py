"""The quarterly e-letter: its text, and one delivery row per person it goes to."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
INTRO_MAX = 4000
HEADING_MAX = 200
BODY_MAX = 12000
SECTIONS_MAX = 12


class Letter(models.Model):
    """One letter per quarter: a draft the moderators edit, then sent once and public."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The address of the public page, e.g. "2026-q4"; only reachable once sending started.
    slug = models.SlugField(max_length=20, unique=True)
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    intro = models.TextField(_("introduction"), max_length=INTRO_MAX, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    recipient_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    send_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="letters_one_per_quarter"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="letters_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class Section(models.Model):
    """A part of a letter: a heading and plain text, pre-filled by a module or written."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="sections", db_index=False
    )
    position = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=40, blank=True)  # the module key that pre-filled it
    heading = models.CharField(_("heading"), max_length=HEADING_MAX)
    body = models.TextField(_("text"), max_length=BODY_MAX, blank=True)

    class Meta:
        ordering = ["letter", "position"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "position"], name="letters_section_position")
        ]

    def __str__(self) -> str:
        return self.heading


class Delivery(models.Model):
    """The letter for one person: made for everyone when sending starts, then claimed by a
    batch task (with a lease), sent, and marked. The unique (letter, user) pair is what
    makes "one copy per person" hold across retries, duplicates and resumed batches."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CLAIMED = "claimed", _("Taken by a batch")
        # Handed to the mail server; "sent" once it accepted. A row left here by a worker
        # that died is the one case of doubt (see services/sending.py).
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        # Left "sending" past its lease: the worker died while handing it to the server, so
        # it may have arrived. Never sent again by itself; a moderator may (resend_uncertain).
        UNCERTAIN = "uncertain", _("Perhaps received (sending was interrupted)")
        SKIPPED = "skipped", _("Skipped (no address any more)")
        FAILED = "failed", _("Refused by the mail server")

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The mail provider reported this copy undeliverable (portal.mail_log's bounce intake).
    bounced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "user"], name="letters_one_copy_per_person")
        ]
        indexes = [models.Index(fields=["letter", "status"], name="letters_delivery_status")]

    def __str__(self) -> str:
        return f"{self.letter_id}:{self.user_id}:{self.status}"
