"""Reads of the moderation kit: what moderators did to a piece of content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models

from portal.accounts.audit import audit_label
from portal.accounts.models import AuditEntry

KIT_ACTIONS = (
    "content_hidden",
    "content_restored",
    "reports_dismissed",
    "content_approved",
    "content_rejected",
)


@dataclass(frozen=True)
class ModerationNote:
    label: str
    reason: str
    created_at: datetime


def moderation_notes_for(target: models.Model) -> list[ModerationNote]:
    """What moderators did to this content, newest first (shown to its author)."""
    meta = target._meta
    key = getattr(target, "public_id", None) or getattr(target, "slug", None) or target.pk
    entries = AuditEntry.objects.filter(
        target_type=f"{meta.app_label}.{meta.model_name}",
        target_key=str(key),
        action__in=KIT_ACTIONS,
    ).order_by("-created_at", "-id")
    return [
        ModerationNote(
            label=audit_label(entry.action),
            reason=str((entry.detail or {}).get("reason", "")),
            created_at=entry.created_at,
        )
        for entry in entries
    ]
