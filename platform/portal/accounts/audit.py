"""The one way to write the audit log: who did what, to whom, for whom, on what.

Every service that changes something a person must be able to answer for calls
`record_audit`; no module creates `AuditEntry` rows itself. Each action code has a human
label: the platform's own are below, the platform's other apps add theirs with
`register_audit_labels` (in their `AppConfig.ready()`), a town module lists its own in its
declaration (`TownModule(audit_labels=...)`, read from `portal.registry`), and the console
shows the label, never the raw code. Labels of a switched-off module stay readable: its old
entries are still in the log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import registry

from .models import AuditEntry, User

_LABELS: dict[str, str | Promise] = {
    "roles_changed": _("Roles changed"),
    "role_granted": _("Role given"),
    "role_revoked": _("Role taken back"),
    "approved": _("Account approved"),
    "rejected": _("Registration rejected"),
    "blocked": _("Account blocked"),
    "unblocked": _("Account unblocked"),
    "invitation_revoked": _("Invitation revoked"),
    "branding_changed": _("Branding changed"),
    "modules_changed": _("Modules switched on or off"),
    "residency_changed": _("Residency policy changed"),
    "two_factor_enabled": _("Two-step log-in turned on"),
    "two_factor_disabled": _("Two-step log-in turned off"),
    "two_factor_policy_changed": _("Two-step log-in rule for administrators changed"),
}

DETAIL_MAX_LENGTH = 200


def register_audit_labels(labels: Mapping[str, str | Promise]) -> None:
    """Give a platform app's action codes their human labels (call once, from `ready()`).

    Town modules do not call this: they declare their labels with the module."""
    for code, label in labels.items():
        existing = _LABELS.get(code)
        if existing is not None and str(existing) != str(label):
            raise ValueError(f"Audit action {code!r} already has the label {existing!r}.")
        _LABELS[code] = label


def audit_labels() -> dict[str, str | Promise]:
    """Every known action code with its label: the platform's and every declared module's."""
    labels = dict(_LABELS)
    for module in registry.town_modules():
        labels.update(module.audit_labels)
    return labels


def audit_label(action: str) -> str:
    """The human label of an action code (the code itself if nobody labelled it)."""
    label = audit_labels().get(action)
    return str(label) if label is not None else action


def _target_of(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    meta = target._meta
    key = getattr(target, "public_id", None) or getattr(target, "slug", None) or target.pk
    return f"{meta.app_label}.{meta.model_name}", str(key)


def record_audit(
    *,
    actor: User | None,
    action: str,
    subject: User | None = None,
    on_behalf_of: User | None = None,
    target: models.Model | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit row; call it inside the transaction of the change it records.

    `actor` did it (None: the system), `subject` is the person it was done to,
    `on_behalf_of` the person the actor acted for (a network manager acting for a
    resident), `target` the object it was done to (stored as type and public key, so the
    row survives the object).
    """
    target_type, target_key = _target_of(target)
    return AuditEntry.objects.create(
        actor=actor,
        subject=subject,
        on_behalf_of=on_behalf_of,
        target_type=target_type,
        target_key=target_key,
        action=action,
        detail=dict(detail or {}),
    )
