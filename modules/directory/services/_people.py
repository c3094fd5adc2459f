"""Who may edit an organisation, and telling its people and the moderators."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import Role, User
from portal.accounts.services import grant_role, revoke_role, town_url
from portal.notify import notify_all

from ..models import (
    Organisation,
    Representative,
)
from ..notification_kinds import ORGANISATIONS


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


def _notify_representatives(organisation: Organisation, template: str, **context: Any) -> None:
    users = User.objects.people().filter(
        pk__in=Representative.objects.filter(organisation=organisation).values("user_id")
    )
    link = town_url(reverse("directory:detail", args=[organisation.slug]))
    notify_all(
        users,
        template,
        context={"organisation": organisation.name, "link": link, **context},
        kind=ORGANISATIONS.key,
    )


def _take_back_representative_role(user: User, organisation: Organisation, *, by: User) -> None:
    """The role goes with the last public organisation the person represents."""
    still = (
        Representative.objects.filter(user=user, organisation__status=Organisation.Status.APPROVED)
        .exclude(organisation=organisation)
        .exists()
    )
    if not still:
        revoke_role(
            user=user,
            role=Role.ORGANISATION,
            reason=f"no longer representative of {organisation.slug}",
            revoked_by=by,
        )


def _grant_representative_role(user: User, organisation: Organisation) -> None:
    """Representatives of a public organisation hold the role, e.g. to announce its events."""
    grant_role(
        user=user,
        role=Role.ORGANISATION,
        reason=f"representative of {organisation.slug}",
    )
