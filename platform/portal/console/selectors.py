"""Reads of the town console."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from portal import registry
from portal.accounts.audit import audit_label
from portal.accounts.models import AuditEntry, Invitation, User
from portal.accounts.selectors import town_users
from tenants.models import Module, Town

SEARCH_MAX_LENGTH = 100


def search_users(query: str = "") -> QuerySet[User]:
    """The town's accounts whose name or e-mail address contains `query`."""
    users = town_users()
    query = " ".join(query.split())[:SEARCH_MAX_LENGTH]
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return users


def invitations() -> QuerySet[Invitation]:
    """Every invitation of the town, newest first, with who made it."""
    return Invitation.objects.select_related("created_by").order_by("-created_at")


def audit_entries() -> QuerySet[AuditEntry]:
    """The audit log, newest first, with actor and subject in the same query."""
    return AuditEntry.objects.select_related("actor", "subject", "on_behalf_of").order_by(
        "-created_at", "-pk"
    )


def audit_action_label(action: str) -> str:
    return audit_label(action)


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_describe(inner)}" for key, inner in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_describe(item) for item in value) or "–"
    return str(value)


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    label: str
    details: list[str]


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    """Audit entries in words: the action's label and one line per detail."""
    return [
        AuditRow(
            entry=entry,
            label=audit_action_label(entry.action),
            details=[f"{key}: {_describe(value)}" for key, value in (entry.detail or {}).items()],
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class ModuleState:
    key: str
    label: str
    enabled: bool
    built: bool
    content: tuple[str, ...] = ()  # what it holds in the town, in words ("12 events")
    manage_url: str = ""  # its management page, when it declares one and is on


def module_states(town: Town, *, with_content: bool = False) -> list[ModuleState]:
    """Every module with whether this town has it on and whether it is built yet;
    `with_content` adds how much content each holds (a few counts per module)."""
    content = registry.content_summaries() if with_content else {}
    manage = {
        declared.key: declared.manage_url
        for declared in registry.town_modules()
        if declared.manage_url
    }
    return [
        ModuleState(
            key=module.value,
            label=str(module.label),
            enabled=town.module_enabled(module.value),
            built=registry.is_built(module.value),
            content=tuple(content.get(module.value, ())),
            manage_url=_url(manage.get(module.value)) if town.module_enabled(module.value) else "",
        )
        for module in Module
    ]


def _url(name: str | None) -> str:
    if not name:
        return ""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class ModerationLink:
    label: str
    url: str


def moderation_links(town: Town) -> list[ModerationLink]:
    """Links to the moderation page of each enabled module that declared one."""
    links = []
    for module in registry.town_modules():
        if not module.moderation_url or not town.module_enabled(module.key):
            continue
        try:
            url = reverse(module.moderation_url)
        except NoReverseMatch:
            continue
        links.append(ModerationLink(label=str(module.label), url=url))
    return links
