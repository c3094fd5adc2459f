"""Tell one person something: in their portal inbox, and by e-mail as they chose for its kind.

The one way modules write to a person. Every notification has a kind
(`portal.notifications.kinds`); the person's choice for it decides whether the e-mail leaves
at once (with a one-click unsubscribe link for the kind), waits for their daily or weekly
digest, or does not leave at all. The inbox gets it in every case. Account and security
mails (kind "account") are sent at once and kept out of the inbox: they carry personal links;
a transactional kind marked `in_inbox` (a data export is ready) is sent at once and shown there.

It fills in the greeting name and the person's language, skips accounts without an address
(managed residents) unless the sender names the consent scope whose helpers read for them,
and lets the sender set the answer address (`reply_to`) where an answer should not go to the
town hall.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from portal.accounts.models import User
from portal.accounts.selectors import active_moderators
from portal.behalf.selectors import helper_addresses
from portal.mail import Attachment, queue_town_email
from portal.notifications.kinds import IMMEDIATE, OFF, get_kind
from portal.notifications.selectors import email_choice
from portal.notifications.services import record_notification
from portal.notifications.unsubscribe import headers_for, unsubscribe_url


def notify(
    user: User,
    template: str,
    *,
    context: Mapping[str, Any],
    kind: str = "other",
    reply_to: str | None = None,
    helpers_scope: str | None = None,
    target: str = "",
    attachments: Sequence[Attachment] = (),
) -> bool:
    """Tell `user` about `emails/<template>.*`; True when an e-mail left or waits for a digest.

    A managed resident has no address: with `helpers_scope`, the network managers holding
    their consent in that scope get the mail instead (still addressed to the person), at
    once unless the person's choice for the kind is "off". `target` names what it is about
    (e.g. "exchange:thread:<public id>"); the module calls
    `portal.notifications.services.mark_read_for_target` when the person has seen it there.
    `attachments` (see `queue_town_email`) go with the immediate e-mail only: a digest
    carries none, so a kind whose mails carry files should offer no digest."""
    declared = get_kind(kind)
    if declared is None:
        raise ValueError(f"Unknown notification kind {kind!r}; declare it in the registry.")
    full_context = {"name": user.full_name, **context}
    if user.email:
        to = [user.email]
    elif helpers_scope is not None:
        to = helper_addresses(person=user, scope=helpers_scope)
    else:
        to = []
    if declared.transactional:
        if declared.in_inbox:
            record_notification(
                user=user, kind=kind, template=template, context=full_context, email=IMMEDIATE
            )
        _queue(user, template, to, full_context, reply_to, attachments=attachments)
        return bool(to)
    choice = email_choice(user, kind) if to else OFF
    if choice != OFF and not user.email:
        choice = IMMEDIATE  # a helper reads for the person: no digest of someone else's news
    record_notification(
        user=user,
        kind=kind,
        template=template,
        context=full_context,
        email=choice,
        target=target,
    )
    if choice == IMMEDIATE:
        link = unsubscribe_url(user, kind)
        _queue(
            user,
            template,
            to,
            {**full_context, "unsubscribe_url": link},
            reply_to,
            headers=headers_for(link),
            attachments=attachments,
        )
    return choice != OFF


def _queue(
    user: User,
    template: str,
    to: list[str],
    context: dict[str, Any],
    reply_to: str | None,
    headers: dict[str, str] | None = None,
    attachments: Sequence[Attachment] = (),
) -> None:
    queue_town_email(
        template=template,
        to=to,
        context=context,
        language=user.language,
        reply_to=[reply_to] if reply_to else (),
        headers=headers,
        attachments=attachments,
    )


def notify_all(
    users: Iterable[User],
    template: str,
    *,
    context: Mapping[str, Any],
    kind: str = "other",
    reply_to: str | None = None,
) -> int:
    """`notify` each person (each in their own language and by their own choice); the number
    of e-mails that left or wait for a digest."""
    return sum(
        notify(user, template, context=context, kind=kind, reply_to=reply_to) for user in users
    )


def moderators() -> list[User]:
    """Everyone who moderates the town: moderators and town administrators, active ones."""
    return list(active_moderators().order_by("email"))
