"""Writes on accounts: registration under the town's residency policy, profile, e-mail
confirmation, passwords, roles and approvals."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.mail import queue_town_email
from portal.validation import is_phone_number, text_problem
from tenants.current import current_town
from tenants.lists import POSTCODE_PATTERN
from tenants.models import ResidencyPolicy, Town

from .models import AuditEntry, Invitation, Role, User
from .tokens import make_password_token, make_verification_token

# The column sizes of User; checked here so that an API caller gets a message, not a 500.
NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
PHONE_MAX_LENGTH = 40
LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)
_POSTCODE_RE = re.compile(POSTCODE_PATTERN)


def town_url(path: str) -> str:
    """An absolute URL on the current town's host, for links in e-mails."""
    tenant = _current_town()
    domain = tenant.get_primary_domain()
    host = domain.domain if domain else f"{tenant.slug}.{settings.LQ_BASE_DOMAIN}"
    port = f":{settings.LQ_PUBLIC_PORT}" if settings.LQ_PUBLIC_PORT else ""
    return f"{settings.LQ_PUBLIC_SCHEME}://{host}{port}{path}"


def _current_town() -> Town:
    tenant = current_town()
    if tenant is None:
        raise RuntimeError("Accounts of residents exist only inside a town.")
    return tenant


def _email_taken(email: str, *, exclude: User | None = None) -> bool:
    users = User.objects.filter(email__iexact=email)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.exists()


def _duplicate_email_message() -> str:
    return _("An account with this e-mail address already exists. Did you forget your password?")


def _check_email(email: str, errors: dict[str, list[str]]) -> str:
    email = email.strip().lower()
    if not email:
        errors.setdefault("email", []).append(_("Please enter your e-mail address."))
    elif len(email) > EMAIL_MAX_LENGTH:
        errors.setdefault("email", []).append(
            _("An e-mail address may have at most %(max)d characters.") % {"max": EMAIL_MAX_LENGTH}
        )
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(_("Please enter a valid e-mail address."))
    return email


def _check_name(full_name: str, errors: dict[str, list[str]]) -> str:
    problem = text_problem(full_name)
    if problem:
        errors.setdefault("full_name", []).append(problem)
        return ""
    full_name = " ".join(full_name.split())
    if not full_name:
        errors.setdefault("full_name", []).append(_("Please enter your name."))
    elif len(full_name) > NAME_MAX_LENGTH:
        errors.setdefault("full_name", []).append(
            _("A name may have at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}
        )
    return full_name


def _check_residence(
    *,
    town: Town,
    postcode: str,
    district: str,
    errors: dict[str, list[str]],
    registering: bool,
) -> tuple[str, str]:
    postcode = postcode.strip()
    district = district.strip()
    if postcode and not _POSTCODE_RE.match(postcode):
        errors.setdefault("postcode", []).append(_("A postcode has five digits."))
    elif (
        registering
        and town.residency_policy == ResidencyPolicy.POSTCODE
        and postcode not in town.postcodes
    ):
        # The policy decides who may join; a member who moves away keeps the account.
        errors.setdefault("postcode", []).append(
            _("Registration is open to residents of %(town)s only (postcodes %(codes)s).")
            % {"town": town.name, "codes": ", ".join(town.postcodes)}
        )
    if district and district not in town.districts:
        errors.setdefault("district", []).append(_("Please choose one of the town's districts."))
    return postcode, district


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
    town = _current_town()
    errors: dict[str, list[str]] = {}
    email = _check_email(email, errors)
    full_name = _check_name(full_name, errors)
    postcode, district = _check_residence(
        town=town, postcode=postcode, district=district, errors=errors, registering=True
    )
    if "email" not in errors and _email_taken(email):
        errors["email"] = [_duplicate_email_message()]
    try:
        validate_password(password, User(email=email, full_name=full_name))
    except ValidationError as exc:
        errors.setdefault("password", []).extend(exc.messages)
    invitation: Invitation | None = None
    if town.residency_policy == ResidencyPolicy.INVITATION:
        # The row lock makes the last use of a code count once, however many people race.
        invitation = (
            Invitation.objects.select_for_update().filter(code=invitation_code.strip()).first()
            if invitation_code.strip()
            else None
        )
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
        raise ValidationError({"email": [_duplicate_email_message()]}) from exc
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk).update(used_count=F("used_count") + 1)
    send_verification_email(user=user)
    return user


def send_verification_email(*, user: User) -> None:
    """Queue the 'confirm your e-mail address' message to the user's current address."""
    link = town_url(reverse("accounts:verify", args=[make_verification_token(user)]))
    queue_town_email(
        template="verify_email",
        to=[user.email],
        context={"name": user.full_name, "link": link},
        language=user.language,
    )


@transaction.atomic
def verify_email(*, user: User, email: str) -> User:
    """Mark the address as confirmed if the link was made for the user's current address."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email.lower() != email.lower():
        raise ValidationError(_("This link was made for another e-mail address."))
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


@transaction.atomic
def update_profile(
    *,
    user: User,
    full_name: str,
    phone: str = "",
    postcode: str = "",
    district: str = "",
    language: str = "",
) -> User:
    """Save what a person may change about themselves (not e-mail, roles or status)."""
    town = _current_town()
    errors: dict[str, list[str]] = {}
    full_name = _check_name(full_name, errors)
    postcode, district = _check_residence(
        town=town, postcode=postcode, district=district, errors=errors, registering=False
    )
    phone = " ".join(phone.split())
    if len(phone) > PHONE_MAX_LENGTH:
        errors.setdefault("phone", []).append(
            _("A phone number may have at most %(max)d characters.") % {"max": PHONE_MAX_LENGTH}
        )
    elif phone and not is_phone_number(phone):
        errors.setdefault("phone", []).append(
            _("A phone number may only contain digits, spaces, +, /, - and brackets.")
        )
    if language and language not in LANGUAGES:
        errors.setdefault("language", []).append(_("Please choose one of the languages."))
    if errors:
        raise ValidationError(errors)
    user.full_name = full_name
    user.phone = phone
    user.postcode = postcode
    user.district = district
    user.language = language or user.language
    user.save(update_fields=["full_name", "phone", "postcode", "district", "language"])
    return user


@transaction.atomic
def change_email(*, user: User, new_email: str, password: str) -> User:
    """Move the account to a new address; it counts as unconfirmed until its link is opened.

    Links sent to the old address stop working, because they name the old address.
    """
    errors: dict[str, list[str]] = {}
    new_email = _check_email(new_email, errors)
    if not user.check_password(password):
        errors.setdefault("password", []).append(_("The password is not right."))
    if "email" not in errors:
        if new_email == user.email:
            errors["email"] = [_("This is already your e-mail address.")]
        elif _email_taken(new_email, exclude=user):
            errors["email"] = [_("Another account already uses this e-mail address.")]
    if errors:
        raise ValidationError(errors)
    user.email = new_email
    user.email_verified_at = None
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError as exc:
        raise ValidationError(
            {"email": [_("Another account already uses this e-mail address.")]}
        ) from exc
    send_verification_email(user=user)
    return user


@transaction.atomic
def set_password_from_link(*, user: User, password: str) -> User:
    """Set a password chosen through an e-mailed link; the link proves the address too."""
    validate_password(password, user)
    user.set_password(password)
    fields = ["password"]
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        fields.append("email_verified_at")
    user.save(update_fields=fields)
    return user


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
            language=_current_town().default_language,
        )
    elif Role.TOWN_ADMIN not in user.roles:
        user.roles = [*user.roles, Role.TOWN_ADMIN]
        user.save(update_fields=["roles"])
    send_set_password_email(user=user, welcome=True)
    return user


def send_set_password_email(*, user: User, welcome: bool = False) -> None:
    """Queue a link to choose a (new) password; the link names the user by public id."""
    link = town_url(
        reverse("accounts:password_reset_confirm", args=[user.public_id, make_password_token(user)])
    )
    queue_town_email(
        template="welcome_admin" if welcome else "password_reset",
        to=[user.email],
        context={"name": user.full_name, "link": link},
        language=user.language,
    )


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
    AuditEntry.objects.create(
        actor=granted_by,
        subject=user,
        action="role_granted",
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
    AuditEntry.objects.create(
        actor=changed_by,
        subject=user,
        action="roles_changed",
        detail={"from": old_roles, "to": new_roles},
    )
    return user


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
    AuditEntry.objects.create(actor=approved_by, subject=user, action="approved")
    queue_town_email(
        template="account_approved",
        to=[user.email],
        context={"name": user.full_name, "link": town_url("/")},
        language=user.language,
    )
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
