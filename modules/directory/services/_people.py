"""Who may edit an organisation, and telling its people and the moderators."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import Role, User
from portal.accounts.services import grant_role, town_url
from portal.mail import queue_town_email

from ..models import (
    Organisation,
    Representative,
)


def is_representative(*, user: User | AnonymousUser, organisation: Organisation) -> bool:
    return bool(
        isinstance(user, User)
        and Representative.objects.filter(organisation=organisation, user=user).exists()
    )


def can_edit(*, user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Representatives (and the town's moderators) who may take part may edit a profile."""
    if not isinstance(user, User) or not user.can_participate:
        return False
    return user.is_moderator or is_representative(user=user, organisation=organisation)


def _require_editor(user: User, organisation: Organisation) -> None:
    if not can_edit(user=user, organisation=organisation):
        raise PermissionDenied(_("Only the organisation's representatives may do this."))


def _moderator_emails() -> list[tuple[str, str]]:
    return list(
        User.objects.filter(
            roles__overlap=[Role.MODERATOR, Role.TOWN_ADMIN], is_active=True
        ).values_list("email", "language")
    )


def _notify_representatives(organisation: Organisation, template: str, **context: Any) -> None:
    users = User.objects.filter(
        pk__in=Representative.objects.filter(organisation=organisation).values("user_id")
    )
    link = town_url(reverse("directory:detail", args=[organisation.slug]))
    for user in users:
        queue_town_email(
            template=template,
            to=[user.email],
            context={
                "name": user.full_name,
                "organisation": organisation.name,
                "link": link,
                **context,
            },
            language=user.language,
        )


def _grant_representative_role(user: User, organisation: Organisation) -> None:
    """Representatives of a public organisation hold the role, e.g. to announce its events."""
    grant_role(
        user=user,
        role=Role.ORGANISATION,
        reason=f"representative of {organisation.slug}",
    )
