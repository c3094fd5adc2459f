"""Tell one person something by e-mail, in their language, after the transaction commits.

The one way modules write to a person: it fills in the greeting name and the person's
language, skips accounts without an address (managed residents) unless the sender names the
consent scope whose helpers read for them, and lets the sender set the answer address
(`reply_to`) where an answer should not go to the town hall.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from portal.accounts.models import User
from portal.accounts.selectors import active_moderators
from portal.behalf.selectors import helper_addresses
from portal.mail import queue_town_email


def notify(
    user: User,
    template: str,
    *,
    context: Mapping[str, Any],
    reply_to: str | None = None,
    helpers_scope: str | None = None,
) -> bool:
    """Queue `emails/<template>.*` for `user`; False when nobody can be written to.

    A managed resident has no address: with `helpers_scope`, the network managers holding
    their consent in that scope get the mail instead (still addressed to the person)."""
    if user.email:
        to = [user.email]
    elif helpers_scope is not None:
        to = helper_addresses(person=user, scope=helpers_scope)
    else:
        to = []
    if not to:
        return False
    queue_town_email(
        template=template,
        to=to,
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
    return list(active_moderators().order_by("email"))
