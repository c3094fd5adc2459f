"""A person's notifications (the inbox), their e-mail choice per kind, and the digests sent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

TITLE_MAX = 200
BODY_MAX = 2000
LINK_MAX = 500
TARGET_MAX = 120


class Delivery(models.TextChoices):
    """How a notification leaves by e-mail, decided when it is made from the person's choice."""

    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"
    NONE = "none"  # not by e-mail: the person chose "off", or nobody can be written to


class Notification(models.Model):
    """One thing a person was told: shown in their inbox until they read it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=BODY_MAX, blank=True)
    link = models.CharField(max_length=LINK_MAX, blank=True)
    # What it is about, e.g. "exchange:thread:<public id>": seeing that thing where it
    # happened marks it read here too (mark_read_for_target), so nothing is unread twice.
    target = models.CharField(max_length=TARGET_MAX, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The digest that carried it; empty while a daily or weekly one still waits for its digest.
    digest = models.ForeignKey(
        "Digest", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["delivery", "user"],
                condition=Q(digest__isnull=True, delivery__in=["daily", "weekly"]),
                name="notification_digest_due",
            ),
            models.Index(fields=["user", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["user", "target"],
                condition=Q(read_at__isnull=True) & ~Q(target=""),
                name="notification_unread_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """A person's e-mail choice for one kind; no row means the kind's default."""

    class Choice(models.TextChoices):
        IMMEDIATE = "immediate"
        DAILY = "daily"
        WEEKLY = "weekly"
        OFF = "off"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        db_index=False,
    )
    kind = models.CharField(max_length=40)
    choice = models.CharField(max_length=10, choices=Choice.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.choice}"


class Digest(models.Model):
    """One daily or weekly summary of one person: claimed (made) before it is sent, once per
    period, so a retried batch finds the row and sends nothing again."""

    class Frequency(models.TextChoices):
        DAILY = "daily"
        WEEKLY = "weekly"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_digests",
        db_index=False,
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    period = models.DateField()  # the day, or the Monday of the week
    created_at = models.DateTimeField(default=timezone.now)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period"], name="notification_digest_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest {self.period}"
