"""Reads of the moderation kit: what moderators did to a piece of content."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Q

from portal.accounts.audit import audit_label
from portal.accounts.models import AuditEntry, User

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
    subject: str = ""  # the person it was done to or for, if any


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


def module_log(*, module: str, actions: Sequence[str], limit: int = 50) -> list[ModerationNote]:
    """What moderators did in one module beyond its content, newest first: the module's
    own audit `actions` (recorded transfers, settings) and the people blocked there."""
    entries = (
        AuditEntry.objects.filter(
            Q(action__in=actions) | Q(action="blocked", detail__module=module)
        )
        .select_related("actor", "subject", "on_behalf_of")
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        ModerationNote(
            label=audit_label(entry.action),
            reason=str((entry.detail or {}).get("reason", "")),
            created_at=entry.created_at,
            actor=entry.actor.full_name if entry.actor else "",
            subject=_name(entry.subject or entry.on_behalf_of),
        )
        for entry in entries
    ]


def _name(person: User | None) -> str:
    return person.full_name if person is not None else ""
