"""The moderation kit's models: what modules mix into their content, and the one report table.

`Hideable`, `Reviewable` and `Reportable` are abstract: a module's listing, message or
organisation inherits them and keeps its own table. Reports are one generic table for all
modules (content type + row id) because a report has the same shape whatever it is about,
the console's queue reads every module's open reports with one query, and a town keeps
few relations (one table instead of one per module and content kind). The generic relation
on `Reportable` deletes a content's reports with it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REASON_MAX = 500


class Hideable(models.Model):
    """Content a moderator can take out of view (its author still sees it, with the reason)."""

    is_hidden = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=REASON_MAX, blank=True)

    class Meta:
        abstract = True


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Reviewable(models.Model):
    """Content that a moderator approves before it is public."""

    Status = ReviewStatus

    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_reason = models.CharField(max_length=REASON_MAX, blank=True)

    class Meta:
        abstract = True


class Report(models.Model):
    """Someone asks the moderators to look at a piece of content of any module."""

    class Resolution(models.TextChoices):
        OPEN = "", _("Open")
        HIDDEN = "hidden", _("Content hidden")
        DISMISSED = "dismissed", _("Dismissed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=REASON_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(
        max_length=16, choices=Resolution.choices, default=Resolution.OPEN, blank=True
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"],
                condition=Q(resolved_at__isnull=True),
                name="moderation_open_reports",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolution="")
                | (Q(resolved_at__isnull=False) & ~Q(resolution="")),
                name="moderation_report_resolved_consistently",
            )
        ]

    def __str__(self) -> str:
        return self.reason[:40]


class Reportable(models.Model):
    """Content residents can report to the moderators."""

    reports = GenericRelation(Report)

    class Meta:
        abstract = True
