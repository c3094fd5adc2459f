"""What happens to a person: approval, rejection, blocking and unblocking — one rule set."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from portal.notify import notify
from portal.validation import clean_reason
from tenants.addresses import town_url

from ..audit import record_audit
from ..models import Role, User


@transaction.atomic
def approve_user(*, user: User, approved_by: User) -> User:
    """Let a pending resident take part (policy 'approval'); a moderator decides."""
    if not approved_by.is_moderator:
        raise PermissionDenied(_("Only the town's network managers can approve accounts."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.status != User.Status.PENDING:
        raise ValidationError(_("This account is not waiting for approval."))
    user.status = User.Status.ACTIVE
    user.save(update_fields=["status"])
    record_audit(actor=approved_by, subject=user, action="approved")
    notify(user, "account_approved", context={"link": town_url("/")}, kind="account")
    return user


REASON_MAX_LENGTH = 1000


def _lock_deciders(*, user: User, by: User) -> tuple[User, User]:
    """Lock every administrator, then both people, in one order: two administrators
    blocking each other at the same moment must not leave the town without one."""
    list(
        User.objects.select_for_update()
        .filter(roles__contains=[Role.TOWN_ADMIN])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = {u.pk: u for u in User.objects.select_for_update().filter(pk__in=[user.pk, by.pk])}
    return rows[user.pk], rows[by.pk]


def _check_may_decide(*, user: User, by: User) -> None:
    """The one rule set: moderators act on residents, administrators on moderators (and
    administrators); nobody on themselves."""
    if not by.is_active or by.status != User.Status.ACTIVE or not by.is_moderator:
        raise PermissionDenied(_("Only the town's network managers can do this."))
    if user.pk == by.pk:
        raise ValidationError(_("You cannot block or unblock yourself."))
    if user.is_moderator and not by.is_town_admin:
        raise PermissionDenied(
            _("Only a town administrator can block or unblock a moderator or administrator.")
        )


def _other_active_admins(user: User) -> bool:
    return (
        User.objects.people()
        .filter(roles__contains=[Role.TOWN_ADMIN], is_active=True, status=User.Status.ACTIVE)
        .exclude(pk=user.pk)
        .exists()
    )


@transaction.atomic
def block_user(*, user: User, blocked_by: User, reason: str = "", module: str = "") -> User:
    """Block an account: it can no longer log in or take part; its content stays.

    Pending registrations are rejected, not blocked; the last administrator stays.
    `module` names where it was done (for the audit log).
    """
    text = clean_reason(reason, required=False, max_length=REASON_MAX_LENGTH)
    user, blocked_by = _lock_deciders(user=user, by=blocked_by)
    _check_may_decide(user=user, by=blocked_by)
    if user.status == User.Status.BLOCKED or not user.is_active:
        raise ValidationError(_("This account is already blocked."))
    if user.status == User.Status.PENDING:
        raise ValidationError(
            _(
                "This account is waiting for approval; it cannot be blocked. Please approve "
                "or reject the registration instead."
            )
        )
    if user.is_town_admin and not _other_active_admins(user):
        raise ValidationError(_("The town must keep at least one administrator."))
    user.status = User.Status.BLOCKED
    user.is_active = False
    user.save(update_fields=["status", "is_active"])
    detail = {"reason": text} if text else {}
    if module:
        detail["module"] = module
    record_audit(actor=blocked_by, subject=user, action="blocked", detail=detail)
    return user


@transaction.atomic
def unblock_user(*, user: User, unblocked_by: User) -> User:
    """Let a blocked account log in and take part again (same rules as blocking)."""
    user, unblocked_by = _lock_deciders(user=user, by=unblocked_by)
    _check_may_decide(user=user, by=unblocked_by)
    if user.status != User.Status.BLOCKED and user.is_active:
        raise ValidationError(_("This account is not blocked."))
    user.status = User.Status.ACTIVE
    user.is_active = True
    user.save(update_fields=["status", "is_active"])
    record_audit(actor=unblocked_by, subject=user, action="unblocked")
    return user


@transaction.atomic
def reject_user(*, user: User, rejected_by: User, reason: str) -> None:
    """Refuse a pending registration: the account is deleted and the person told why."""
    if not rejected_by.is_active or not rejected_by.is_moderator:
        raise PermissionDenied(_("Only the town's network managers can reject accounts."))
    reason = clean_reason(reason, required=False, max_length=REASON_MAX_LENGTH)
    if not reason:
        raise ValidationError({"reason": [_("Please tell the person why you reject them.")]})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.status != User.Status.PENDING:
        raise ValidationError(_("This account is not waiting for approval."))
    name = user.full_name
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("This account already has content in the portal; please block it instead.")
        ) from exc
    # The account is gone; the log keeps the name, not the address.
    record_audit(actor=rejected_by, action="rejected", detail={"name": name, "reason": reason})
    # The deleted instance still holds the name, address and language the mail needs.
    notify(user, "account_rejected", context={"reason": reason}, kind="account")
