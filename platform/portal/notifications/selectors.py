"""Reads of notifications: a person's e-mail choice per kind, who receives a kind, the inbox."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from portal.accounts.models import User

from .kinds import IMMEDIATE, OFF, NotificationKind, get_kind, kinds_for
from .models import Notification, Preference


def email_choice(user: User, kind_key: str) -> str:
    """How `user` wants `kind_key` e-mailed: "immediate", "daily", "weekly" or "off"."""
    kind = get_kind(kind_key)
    if kind is not None and kind.transactional:
        return IMMEDIATE
    chosen = (
        Preference.objects.filter(user=user, kind=kind_key).values_list("choice", flat=True).first()
    )
    if chosen is not None:
        return chosen
    return kind.default if kind is not None else IMMEDIATE


def people_receiving(kind_key: str) -> QuerySet[User]:
    """Everyone active with an address whose choice for `kind_key` is not "off"."""
    kind = get_kind(kind_key)
    people = User.objects.people().filter(is_active=True, email__isnull=False).exclude(email="")
    if kind is not None and kind.transactional:
        return people
    chosen_off = Preference.objects.filter(user=OuterRef("pk"), kind=kind_key, choice=OFF)
    if kind is not None and kind.default == OFF:
        chosen_on = Preference.objects.filter(user=OuterRef("pk"), kind=kind_key).exclude(
            choice=OFF
        )
        return people.filter(Exists(chosen_on))
    return people.exclude(Exists(chosen_off))


def choices_of(user: User) -> list[tuple[NotificationKind, str]]:
    """Every kind the person can choose for here, with their current choice (one query)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "choice"))
    return [
        (kind, chosen.get(kind.key, kind.default))
        for kind in kinds_for(is_moderator=user.is_moderator)
    ]


def unread_count(user: User) -> int:
    """How many of the person's notifications they have not read yet."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def inbox(user: User) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")
