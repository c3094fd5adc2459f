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
    actor: str = ""


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


def recent_moderation(*, app_label: str, limit: int = 50) -> list[ModerationNote]:
    """What moderators last did to one module's content (hide, restore, dismiss, …)."""
    entries = (
        AuditEntry.objects.filter(target_type__startswith=f"{app_label}.", action__in=KIT_ACTIONS)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        ModerationNote(
            label=audit_label(entry.action),
            reason=str((entry.detail or {}).get("reason", "")),
            created_at=entry.created_at,
            actor=entry.actor.full_name if entry.actor else "",
        )
        for entry in entries
    ]
