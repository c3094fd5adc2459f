"""Writes of notifications: record one, read them, choose how each kind is e-mailed."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.mail import render_town_email

from .kinds import DIGESTS, IMMEDIATE, OFF, kinds_for
from .models import BODY_MAX, LINK_MAX, TARGET_MAX, TITLE_MAX, Delivery, Notification, Preference
from .selectors import choices_of, email_choice

_FOOTER = "\n-- \n"  # where the plain-text e-mails' signature starts


def record_notification(
    *,
    user: User,
    kind: str,
    template: str,
    context: Mapping[str, Any],
    email: str,
    target: str = "",
) -> Notification:
    """Put a notification in the person's inbox, worded as its e-mail in their language.

    `email` is their choice for the kind: "immediate" (the caller sends it now), "daily" or
    "weekly" (it waits for that digest) or "off". `target` names what it is about (see
    mark_read_for_target)."""
    if len(target) > TARGET_MAX:
        raise ValueError(f"A notification's target has at most {TARGET_MAX} characters.")
    from portal.branding.selectors import current_branding

    subject, text, _html = render_town_email(template, dict(context), user.language)
    town_prefix = f"{' '.join(current_branding().display_name.split())}: "
    title = subject.removeprefix(town_prefix)
    body = _without_greeting(text.split(_FOOTER)[0].strip(), user.full_name)
    link = context.get("link")
    if isinstance(link, str) and link:
        # The inbox and the digest link it with a button; the bare address is noise there.
        body = "\n".join(line for line in body.splitlines() if line.strip() != link)
        body = re.sub(r"\n{3,}", "\n\n", body).strip()
    delivery = {IMMEDIATE: Delivery.IMMEDIATE, OFF: Delivery.NONE}.get(email, email)
    return Notification.objects.create(
        user=user,
        kind=kind,
        title=title[:TITLE_MAX],
        body=body[:BODY_MAX],
        link=link if isinstance(link, str) and len(link) <= LINK_MAX else "",
        target=target,
        delivery=delivery,
        emailed_at=timezone.now() if email == IMMEDIATE else None,
    )


def _without_greeting(text: str, name: str) -> str:
    # The mails open with "Hello <name>,": in the inbox and in a digest that says nothing.
    first, _sep, rest = text.partition("\n\n")
    return rest.strip() if rest and name in first and first.endswith(",") else text


@transaction.atomic
def set_preferences(*, user: User, choices: Mapping[str, object]) -> int:
    """Set the person's e-mail choice for each kind named; the number that changed.

    Every problem is reported at once (an unknown kind, one not offered to them, an unknown
    choice), and then nothing is changed."""
    offered = {kind.key: kind for kind in kinds_for(is_moderator=user.is_moderator)}
    problems = []
    for key, choice in choices.items():
        if key not in offered:
            problems.append(
                _("“%(kind)s” is not a kind of notification you can choose for.")
                % {"kind": str(key)[:40]}
            )
        elif choice not in offered[key].choices:
            problems.append(_("Please choose one of the offered answers for each kind."))
    if problems:
        raise ValidationError(sorted(set(problems)))
    return sum(_choose(user, key, str(choice)) for key, choice in choices.items())


def _choose(user: User, key: str, choice: str) -> bool:
    current = Preference.objects.select_for_update().filter(user=user, kind=key).first()
    if current is None:
        Preference.objects.create(user=user, kind=key, choice=choice)
    elif current.choice == choice:
        return False
    else:
        current.choice = choice
        current.updated_at = timezone.now()
        current.save(update_fields=["choice", "updated_at"])
    _reroute_waiting(user, key, choice)
    return True


def _reroute_waiting(user: User, key: str, choice: str) -> None:
    """Move what of `key` still waits for a digest to the new choice: the other digest, none
    when switched off. Chosen "immediate", it goes in the next daily digest (the soonest
    mail that can still carry it; it was made before the choice)."""
    delivery = {OFF: Delivery.NONE, IMMEDIATE: Delivery.DAILY}.get(choice, choice)
    Notification.objects.filter(
        user=user, kind=key, digest__isnull=True, delivery__in=DIGESTS
    ).exclude(delivery=delivery).update(delivery=delivery)


@transaction.atomic
def unsubscribe(*, user: User, kind_key: str) -> bool:
    """Switch `kind_key` off for the person (a one-click link); False when it already was.

    A digest's key ("daily", "weekly") switches off every kind the person gets in that
    digest. Waiting digest items of those kinds will not be sent either."""
    if kind_key in DIGESTS:
        keys = [kind.key for kind, choice in choices_of(user) if choice == kind_key]
    else:
        keys = [kind_key]
    # switching off also takes their waiting digest items out (see _reroute_waiting)
    return bool(sum(_choose(user, key, OFF) for key in keys))


def is_unsubscribed(*, user: User, kind_key: str) -> bool:
    """Whether an unsubscribe link for `kind_key` has nothing left to switch off."""
    if kind_key in DIGESTS:
        return all(choice != kind_key for _kind, choice in choices_of(user))
    return email_choice(user, kind_key) == OFF


@transaction.atomic
def mark_read(*, user: User, public_id: str) -> Notification:
    """Mark one of the person's notifications read (again reading it changes nothing)."""
    notification = (
        Notification.objects.select_for_update().filter(user=user, public_id=public_id).first()
    )
    if notification is None:
        raise ValidationError(_("This notification does not exist (any more)."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the person read; the number marked."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def mark_read_for_target(*, user: User, target: str) -> int:
    """The person has seen `target` where it happened (read the thread, confirmed the
    transfer): what they were told about it is read in the inbox too, and leaves their
    waiting digest. The number marked."""
    if not target:
        return 0
    return Notification.objects.filter(user=user, target=target, read_at__isnull=True).update(
        read_at=timezone.now()
    )
