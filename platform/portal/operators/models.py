"""The operator side's record of what happened to towns (public schema)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import Town

REASON_MAX_LENGTH = 1000


class TownAuditEntry(models.Model):
    """Who changed a town's state, when and why. Written by the lifecycle services only."""

    class Action(models.TextChoices):
        SUSPENDED = "suspended", _("Suspended")
        REACTIVATED = "reactivated", _("Reactivated")
        ARCHIVED = "archived", _("Archived")
        RESTORED = "restored", _("Restored")
        # Town archives (portal.operators.town_archives): who took the town's data, and when.
        EXPORTED = "exported", _("Archive made")
        DOWNLOADED = "downloaded", _("Archive downloaded")
        EXPORT_ALLOWED = "export_allowed", _("Export allowed to the town's administrators")
        EXPORT_FORBIDDEN = "export_forbidden", _("Export by the town's administrators ended")
        IMPORTED = "imported", _("Imported from an archive")

    town = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="audit_entries")
    # Empty for changes made on the command line (manage.py town …).
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written at the time, so the record stays readable if the account goes.
    operator_email = models.EmailField(blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.TextField(max_length=REASON_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.town_id} {self.action} by {self.operator_email or 'command line'}"


class TownArchiveJob(models.Model):
    """A town archive being made for download (export) or read in (import) by a task.

    The archive file lives in the private "town_archives" storage, never under MEDIA_URL,
    and is deleted when the job expires (`portal.operators.town_archives`). At most one
    export per town and one import per address is queued or running at a time."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    class RequestedFrom(models.TextChoices):
        OPERATOR = "operator", _("Operator site")
        CONSOLE = "console", _("Town console")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The exported town; for an import the town it made (empty until it is made).
    town = models.ForeignKey(
        Town, null=True, blank=True, on_delete=models.SET_NULL, related_name="archive_jobs"
    )
    # The town's address at the time (export) or the address asked for (import; empty for
    # the archive's own until the import has read it).
    slug = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=120, blank=True)  # (import: the name asked for)
    requested_from = models.CharField(max_length=8, choices=RequestedFrom.choices)
    # Kept as written, like the audit entries (a town administrator has no public account).
    requested_by_email = models.EmailField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    file = models.CharField(max_length=200, blank=True)  # its name in the storage
    size = models.BigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "slug"],
                condition=models.Q(status__in=["queued", "running"]),
                name="operators_one_archive_job_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.slug} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def is_downloadable(self) -> bool:
        return (
            self.kind == self.Kind.EXPORT
            and self.status == self.Status.DONE
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
