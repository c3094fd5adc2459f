"""Tell one person something by e-mail, in their language, after the transaction commits.

The one way modules write to a person: it fills in the greeting name and the person's
language, skips accounts without an address (managed residents), and lets the sender set
the answer address (`reply_to`) where an answer should not go to the town hall.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from portal.accounts.models import Role, User
from portal.mail import queue_town_email


def notify(
    user: User, template: str, *, context: Mapping[str, Any], reply_to: str | None = None
) -> bool:
    """Queue `emails/<template>.*` for `user`; False when the person has no e-mail address."""
    if not user.email:
        return False
    queue_town_email(
        template=template,
        to=[user.email],
        context={"name": user.full_name, **context},
        language=user.language,
        reply_to=[reply_to] if reply_to else (),
    )
    return True


def notify_all(
    users: Iterable[User], template: str, *, context: Mapping[str, Any], reply_to: str | None = None
) -> int:
    """`notify` each person (one mail each, in their own language); the number queued."""
    return sum(notify(user, template, context=context, reply_to=reply_to) for user in users)


def moderators() -> list[User]:
    """Everyone who moderates the town: moderators and town administrators, active ones."""
    return list(
        User.objects.filter(
            roles__overlap=[Role.MODERATOR, Role.TOWN_ADMIN], is_active=True
        ).order_by("pk")
    )
