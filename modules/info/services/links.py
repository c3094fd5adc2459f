"""Curated links and the periodic check that flags dead ones to the moderators."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.notify import moderators, notify_all
from portal.validation import Errors

from ..linkcheck import LinkStatus, check_url
from ..models import Link, LinkCategory
from ..notification_kinds import DEAD_LINKS
from ..permissions import can_manage_links
from ._checks import require
from .settings import get_info_settings

LINKS_PER_RUN = 500


def _clean_link(
    *,
    category: object,
    title: object,
    url: object,
    phone: object,
    description: object,
    position: object,
) -> dict[str, object]:
    errors = Errors()
    if category not in LinkCategory.values:
        errors.add("category", _("Choose one of the categories."))
    cleaned: dict[str, object] = {
        "category": category,
        "title": errors.text("title", title, max_length=150),
        "url": errors.url("url", url),
        "phone": errors.phone("phone", phone),
        "description": errors.text("description", description, max_length=300, required=False),
    }
    if position in (None, ""):
        position = 0
    if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= 999:
        errors.add("position", _("Enter a whole number from 0 to 999."))
    cleaned["position"] = position
    errors.raise_if_any()
    return cleaned


def create_link(
    *,
    actor: User,
    category: object,
    title: object,
    url: object,
    phone: object = "",
    description: object = "",
    position: object = 0,
) -> Link:
    """Add a curated link (moderators and town administrators)."""
    require(can_manage_links(actor))
    cleaned = _clean_link(
        category=category,
        title=title,
        url=url,
        phone=phone,
        description=description,
        position=position,
    )
    with transaction.atomic():
        return Link.objects.create(created_by=actor, **cleaned)


def update_link(
    *,
    actor: User,
    link: Link,
    category: object,
    title: object,
    url: object,
    phone: object = "",
    description: object = "",
    position: object = 0,
) -> Link:
    """Change a link; a changed address starts its checks afresh."""
    require(can_manage_links(actor))
    cleaned = _clean_link(
        category=category,
        title=title,
        url=url,
        phone=phone,
        description=description,
        position=position,
    )
    fields = list(cleaned)
    if cleaned["url"] != link.url:
        link.consecutive_failures = 0
        link.flagged_dead_at = None
        link.last_status = None
        link.last_error = ""
        link.last_checked_at = None
        fields += [
            "consecutive_failures",
            "flagged_dead_at",
            "last_status",
            "last_error",
            "last_checked_at",
        ]
    for field, value in cleaned.items():
        setattr(link, field, value)
    with transaction.atomic():
        link.save(update_fields=[*fields, "updated_at"])
    return link


def delete_link(*, actor: User, link: Link) -> None:
    """Remove a link for good."""
    require(can_manage_links(actor))
    with transaction.atomic():
        link.delete()


def record_link_check(*, link: Link, status: LinkStatus, failures_before_flag: int) -> bool:
    """Store one check's result; True when this check made the link count as dead."""
    now = timezone.now()
    with transaction.atomic():
        locked = Link.objects.select_for_update().get(pk=link.pk)
        locked.last_checked_at = now
        locked.last_status = status.status
        locked.last_error = status.error[:200]
        newly_dead = False
        if status.ok:
            locked.consecutive_failures = 0
            locked.flagged_dead_at = None
        else:
            locked.consecutive_failures = min(locked.consecutive_failures + 1, 10_000)
            if (
                locked.flagged_dead_at is None
                and locked.consecutive_failures >= failures_before_flag
            ):
                locked.flagged_dead_at = now
                newly_dead = True
        locked.save(
            update_fields=[
                "last_checked_at",
                "last_status",
                "last_error",
                "consecutive_failures",
                "flagged_dead_at",
            ]
        )
    link.__dict__.update(
        {
            f: getattr(locked, f)
            for f in (
                "last_checked_at",
                "last_status",
                "last_error",
                "consecutive_failures",
                "flagged_dead_at",
            )
        }
    )
    return newly_dead


def check_all_links(*, check: Callable[[str], LinkStatus] = check_url) -> list[Link]:
    """Check every link of the town; e-mail moderators once about the links that just died.

    `check` fetches one address (injectable so that tests never reach the network). No
    transaction is held while a site is fetched.
    """
    threshold = get_info_settings().link_failures_before_flag
    newly_dead: list[Link] = []
    oldest_first = Link.objects.order_by(F("last_checked_at").asc(nulls_first=True), "pk")
    for link in oldest_first[:LINKS_PER_RUN]:
        status = check(link.url)
        if record_link_check(link=link, status=status, failures_before_flag=threshold):
            newly_dead.append(link)
    if newly_dead:
        # One message per moderator and run, listing every link that died in this run.
        notify_all(
            moderators(),
            "info/dead_links",
            context={
                "links": [
                    {
                        "title": link.title,
                        "url": link.url,
                        "category": str(LinkCategory(link.category).label),
                        "problem": link.last_error or str(link.last_status or ""),
                    }
                    for link in newly_dead
                ],
            },
            kind=DEAD_LINKS.key,
        )
    return newly_dead


def clear_dead_flag(*, actor: User, link: Link) -> Link:
    """A moderator confirms that a flagged link works again (the next check decides anew)."""
    require(can_manage_links(actor))
    link.flagged_dead_at = None
    link.consecutive_failures = 0
    with transaction.atomic():
        link.save(update_fields=["flagged_dead_at", "consecutive_failures"])
    return link
