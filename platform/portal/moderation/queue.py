"""The one moderation queue: every enabled module contributes its items through a provider.

A module names its provider in its declaration (`TownModule(moderation_queue=...)` in
`portal.registry`); the queue reads the providers from the registry, only those of the
modules the town has switched on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal import registry
from portal.accounts.models import User

from .models import Report

ACTIONS = ("hide", "restore", "dismiss", "approve", "reject")
REPORTED, PENDING, HIDDEN = "reported", "pending", "hidden"


@dataclass(frozen=True)
class QueueItem:
    """One thing a moderator should look at: reported content, or content waiting."""

    module: str
    kind: str
    public_id: UUID
    kind_label: str
    title: str
    excerpt: str
    link: str
    since: datetime
    state: str  # REPORTED, PENDING or HIDDEN (hidden content stays listed to be restored)
    actions: tuple[str, ...]
    is_hidden: bool = False
    author: str = ""
    reasons: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.module}-{self.kind}-{self.public_id}"


class ModerationProvider(Protocol):
    """What a module gives the queue: its items, and how to act on one of them."""

    def queue_items(self) -> list[QueueItem]: ...

    def exists(self, *, kind: str, public_id: UUID) -> bool:
        """Whether the module has this item (of any state) in this town."""
        ...

    def act(self, *, kind: str, public_id: UUID, action: str, moderator: User, reason: str) -> None:
        """Run the module's service for `action`; LookupError when there is no such item."""
        ...


def providers_for(town: Any) -> dict[str, ModerationProvider]:
    """The providers of the modules this town has switched on, by module key."""
    return {
        module.key: module.moderation_queue
        for module in sorted(registry.town_modules(), key=lambda module: module.key)
        if module.moderation_queue is not None and town.module_enabled(module.key)
    }


def queue_for(town: Any) -> list[QueueItem]:
    """Every item waiting for a moderator in the town's enabled modules, oldest first;
    hidden content (to restore) after everything that waits."""
    items = [item for provider in providers_for(town).values() for item in provider.queue_items()]
    return sorted(items, key=lambda item: (item.state == HIDDEN, item.since))


def provider_of(town: Any, module: str) -> ModerationProvider:
    """The provider of an enabled module; LookupError for an unknown or switched-off one."""
    provider = providers_for(town).get(module)
    if provider is None:
        raise LookupError(module)
    return provider


def reported_in(
    queryset: models.QuerySet[Any],
) -> list[tuple[Any, list[Report]]]:
    """Rows of the queryset with open reports, each with them, oldest report first.

    Two queries whatever the number of reports; the provider's queryset selects the
    related rows its items show.
    """
    reports = list(
        Report.objects.filter(
            content_type=ContentType.objects.get_for_model(queryset.model),
            resolved_at__isnull=True,
        )
        .select_related("reporter")
        .order_by("created_at", "id")
    )
    by_row: dict[int, list[Report]] = defaultdict(list)
    for item in reports:
        by_row[item.object_id].append(item)
    return _attach(queryset.filter(pk__in=by_row), by_row)


def _attach(rows: Iterable[Any], by_row: dict[int, list[Report]]) -> list[tuple[Any, list[Report]]]:
    found = [(row, by_row[row.pk]) for row in rows]
    return sorted(found, key=lambda pair: pair[1][0].created_at)


def reasons(reports: Sequence[Report]) -> tuple[str, ...]:
    return tuple(item.reason for item in reports)
