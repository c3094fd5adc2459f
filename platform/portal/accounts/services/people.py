"""What happens to a person: approval, rejection, blocking and unblocking — one rule set."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.mail import queue_town_email
from tenants.addresses import town_url

from ..audit import record_audit
from ..models import User


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
    queue_town_email(
        template="account_approved",
        to=[user.email],
        context={"name": user.full_name, "link": town_url("/")},
        language=user.language,
    )
    return user
