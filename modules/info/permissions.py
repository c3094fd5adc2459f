"""Who may do what in the info module (the rules behind its pages and API)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from portal.accounts.models import Role, User

from .models import Event, Menu

AnyUser = User | AnonymousUser


def _participant(user: AnyUser) -> bool:
    return bool(user.is_authenticated and isinstance(user, User) and user.can_participate)


def is_staff(user: AnyUser) -> bool:
    """Moderators and town administrators who may post: they edit everything here."""
    return _participant(user) and isinstance(user, User) and user.is_moderator


def is_town_admin(user: AnyUser) -> bool:
    return _participant(user) and isinstance(user, User) and user.is_town_admin


def can_manage_links(user: AnyUser) -> bool:
    return is_staff(user)


def can_manage_news(user: AnyUser) -> bool:
    return is_staff(user)


def can_create_events(user: AnyUser) -> bool:
    return is_staff(user) or (
        _participant(user) and isinstance(user, User) and user.has_role(Role.ORGANISATION)
    )


def can_edit_event(user: AnyUser, event: Event) -> bool:
    if is_staff(user):
        return True
    return (
        can_create_events(user)
        and not event.is_town_event
        and event.created_by_id is not None
        and event.created_by_id == user.pk
    )


def can_publish_menus(user: AnyUser) -> bool:
    return _participant(user) and isinstance(user, User) and user.has_role(Role.PROVIDER)


def can_edit_menu(user: AnyUser, menu: Menu) -> bool:
    if is_staff(user):
        return True
    return can_publish_menus(user) and menu.provider_id == user.pk
