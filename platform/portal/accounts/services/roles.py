"""Roles: everyday roles given by modules, all roles set by town administrators."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import record_audit
from ..models import Role, User

# Roles a module may give as a consequence of something a person did (accepting an
# invitation to represent a club, ...); the powerful ones stay with town administrators.
GRANTABLE_ROLES = frozenset({Role.ORGANISATION, Role.PROVIDER, Role.HELPER})


@transaction.atomic
def grant_role(*, user: User, role: str, reason: str, granted_by: User | None = None) -> User:
    """Add one everyday role to a user (audited); moderator and administrator are refused."""
    if role not in GRANTABLE_ROLES:
        raise PermissionDenied(_("Only the town's administrators can give this role."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if role in user.roles:
        return user
    old_roles = [str(r) for r in user.roles]
    user.roles = sorted({*old_roles, str(role)})
    user.save(update_fields=["roles"])
    record_audit(
        actor=granted_by,
        subject=user,
        action="role_granted",
        detail={"role": str(role), "reason": reason[:200], "from": old_roles},
    )
    return user


@transaction.atomic
def revoke_role(*, user: User, role: str, reason: str, revoked_by: User | None = None) -> User:
    """Take back one everyday role that `grant_role` gave (audited); a no-op if not held."""
    if role not in GRANTABLE_ROLES:
        raise PermissionDenied(_("Only the town's administrators can take back this role."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if role not in user.roles:
        return user
    old_roles = [str(r) for r in user.roles]
    user.roles = sorted(set(old_roles) - {str(role)})
    user.save(update_fields=["roles"])
    record_audit(
        actor=revoked_by,
        subject=user,
        action="role_revoked",
        detail={"role": str(role), "reason": reason[:200], "from": old_roles},
    )
    return user


@transaction.atomic
def set_user_roles(*, user: User, roles: Iterable[str], changed_by: User) -> User:
    """Replace a user's roles (by a town administrator); a town keeps at least one administrator."""
    if not changed_by.is_town_admin:
        raise PermissionDenied(_("Only the town's administrators can change roles."))
    new_roles = sorted({str(role) for role in roles} | {str(Role.RESIDENT)})
    unknown = set(new_roles) - set(Role.values)
    if unknown:
        raise ValidationError(_("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    # Lock every administrator row: two administrators removing each other at the same
    # moment must not leave the town without one.
    admins = list(
        User.objects.select_for_update()
        .filter(roles__contains=[Role.TOWN_ADMIN])
        .values_list("pk", "is_active", "status")
    )
    user = User.objects.select_for_update().get(pk=user.pk)
    old_roles = [str(role) for role in user.roles]
    if sorted(old_roles) == new_roles:
        return user
    if Role.TOWN_ADMIN in old_roles and Role.TOWN_ADMIN not in new_roles:
        others = [
            pk
            for pk, is_active, status in admins
            if pk != user.pk and is_active and status == User.Status.ACTIVE
        ]
        if not others:
            raise ValidationError(_("The town must keep at least one administrator."))
    user.roles = new_roles
    user.save(update_fields=["roles"])
    record_audit(
        actor=changed_by,
        subject=user,
        action="roles_changed",
        detail={"from": old_roles, "to": new_roles},
    )
    return user
