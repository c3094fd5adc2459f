"""Joining a town: registration under its residency policy, its first administrator,
invitation codes."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from portal.branding.legal import has_privacy_statement
from portal.notifications.kinds import ACCOUNTS_WAITING
from portal.notify import moderators, notify_all
from tenants.addresses import town_url
from tenants.models import ResidencyPolicy

from ..models import Invitation, Role, User
from ._checks import (
    LANGUAGES,
    check_email,
    check_name,
    check_residence,
    duplicate_email_message,
    email_taken,
)
from ._town import require_town
from .verification import send_set_password_email, send_verification_email

REGISTRATION_CLOSED = gettext_lazy(
    "Registration is closed until the town has published its privacy statement."
)


def normalise_invitation_code(code: str) -> str:
    """Codes are read out and typed by hand: spaces do not count, nor capital or small."""
    return "".join(code.split()).upper()


def find_invitation(code: str) -> Invitation | None:
    """The invitation with this code however it was typed, locked for the registration."""
    code = normalise_invitation_code(code)
    if not code:
        return None
    return Invitation.objects.select_for_update().filter(code__iexact=code).order_by("pk").first()


@transaction.atomic
def register_resident(
    *,
    email: str,
    password: str,
    full_name: str,
    postcode: str = "",
    district: str = "",
    invitation_code: str = "",
    language: str = "",
) -> User:
    """Create a resident under the town's residency policy and send the verification e-mail.

    Every problem is reported at once, per field; nothing is written unless all is well.
    """
    town = require_town()
    if not has_privacy_statement():
        raise ValidationError(REGISTRATION_CLOSED)
    errors: dict[str, list[str]] = {}
    email = check_email(email, errors)
    full_name = check_name(full_name, errors)
    postcode, district = check_residence(
        town=town, postcode=postcode, district=district, errors=errors, registering=True
    )
    if "email" not in errors and email_taken(email):
        errors["email"] = [duplicate_email_message()]
    try:
        validate_password(password, User(email=email, full_name=full_name))
    except ValidationError as exc:
        errors.setdefault("password", []).extend(exc.messages)
    invitation: Invitation | None = None
    if town.residency_policy == ResidencyPolicy.INVITATION:
        # The row lock makes the last use of a code count once, however many people race.
        invitation = find_invitation(invitation_code)
        if invitation is None or not invitation.is_usable:
            errors.setdefault("invitation_code", []).append(
                _("This invitation code is not valid, has been used up or has expired.")
            )
    if errors:
        raise ValidationError(errors)
    status = (
        User.Status.PENDING
        if town.residency_policy == ResidencyPolicy.APPROVAL
        else User.Status.ACTIVE
    )
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password,
                full_name=full_name,
                postcode=postcode,
                district=district,
                roles=[Role.RESIDENT],
                status=status,
                language=language if language in LANGUAGES else town.default_language,
            )
    except IntegrityError as exc:  # the same address registered a moment ago
        raise ValidationError({"email": [duplicate_email_message()]}) from exc
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk).update(used_count=F("used_count") + 1)
    send_verification_email(user=user)
    if status == User.Status.PENDING:
        _announce_waiting_account(user)
    return user


def _announce_waiting_account(user: User) -> None:
    """Tell the moderators (by their choice for "accounts_waiting") that someone waits."""
    notify_all(
        moderators(),
        "moderation/waiting",
        context={
            "what": gettext_noop("Account"),
            "title": user.full_name[:80],
            "link": town_url(reverse("console:approvals")),
        },
        kind=ACCOUNTS_WAITING.key,
    )


@transaction.atomic
def create_town_admin(*, email: str, full_name: str = "") -> User:
    """The first administrator of a new town; they choose a password from an e-mailed link."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            None,
            full_name=full_name or email.split("@")[0],
            roles=[Role.RESIDENT, Role.TOWN_ADMIN],
            email_verified_at=timezone.now(),
            language=require_town().default_language,
        )
    elif Role.TOWN_ADMIN not in user.roles:
        user.roles = [*user.roles, Role.TOWN_ADMIN]
        user.save(update_fields=["roles"])
    send_set_password_email(user=user, welcome=True)
    return user


@transaction.atomic
def create_invitation(
    *, created_by: User, max_uses: int = 1, days_valid: int = 30, note: str = ""
) -> Invitation:
    """A registration code for towns with the policy 'invitation'."""
    if not created_by.is_moderator:
        raise PermissionDenied(_("Only the town's network managers can create invitations."))
    if not 1 <= max_uses <= 1000:
        raise ValidationError(_("An invitation can be used between 1 and 1000 times."))
    if not 1 <= days_valid <= 365:
        raise ValidationError(_("An invitation is valid for between 1 and 365 days."))
    return Invitation.objects.create(
        created_by=created_by,
        max_uses=max_uses,
        note=note.strip()[:200],
        expires_at=timezone.now() + timedelta(days=days_valid),
    )
