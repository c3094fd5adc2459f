"""The platform's own parts of a person's area: their unread notifications, approvals and
the moderation queue for moderators, the people a network manager helps.

Adding a platform part is one line in PLATFORM_PARTS: a function user -> AreaItems that
makes a constant number of queries and returns nothing for people it does not concern.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.urls import reverse
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.accounts.selectors import pending_users
from portal.behalf.selectors import is_network_manager, people_helped
from portal.moderation.queue import HIDDEN, queue_for
from portal.notifications.selectors import unread_count
from portal.registry import AreaItem
from tenants.current import current_town


def approvals(user: User) -> Sequence[AreaItem]:
    """Accounts waiting for approval, for moderators and administrators."""
    if not user.is_moderator:
        return []
    n = pending_users().count()
    if not n:
        return []
    label = ngettext(
        "%(n)d account is waiting for approval", "%(n)d accounts are waiting for approval", n
    )
    return [
        AreaItem(
            section="waiting",
            label=label % {"n": n},
            count=n,
            url=reverse("console:approvals"),
            icon="user",
        )
    ]


def moderation_queue(user: User) -> Sequence[AreaItem]:
    """Reported and waiting content of the town's enabled modules, for moderators."""
    town = current_town()
    if not user.is_moderator or town is None:
        return []
    n = sum(1 for item in queue_for(town) if item.state != HIDDEN)
    if not n:
        return []
    label = ngettext("%(n)d item in the moderation queue", "%(n)d items in the moderation queue", n)
    return [
        AreaItem(
            section="waiting",
            label=label % {"n": n},
            count=n,
            url=reverse("console:moderation"),
            icon="shield",
        )
    ]


def people_i_help(user: User) -> Sequence[AreaItem]:
    """For network managers: the managed residents and people who let them act for them."""
    if not is_network_manager(user):
        return []
    n = people_helped().count()
    label = ngettext("%(n)d person you help", "%(n)d people you help", n)
    return [
        AreaItem(
            section="mine",
            label=label % {"n": n},
            count=n,
            url=reverse("behalf:index"),
            icon="people",
        )
    ]


def unread_notifications(user: User) -> Sequence[AreaItem]:
    """Notifications the person has not read yet (their inbox)."""
    n = unread_count(user)
    if not n:
        return []
    label = ngettext("%(n)d unread notification", "%(n)d unread notifications", n)
    return [
        AreaItem(
            section="waiting",
            label=label % {"n": n},
            count=n,
            url=reverse("notifications:inbox"),
            icon="bell",
        )
    ]


PLATFORM_PARTS: tuple[Callable[[User], Sequence[AreaItem]], ...] = (
    unread_notifications,
    approvals,
    moderation_queue,
    people_i_help,
)
