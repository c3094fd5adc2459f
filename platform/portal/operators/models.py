"""The operator side's record of what happened to towns (public schema)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
