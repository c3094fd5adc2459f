"""Writes on accounts: registration under the town's residency policy, roles, approvals."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.mail import queue_town_email
from tenants.current import current_town
from tenants.models import ResidencyPolicy, Town

from .models import AuditEntry, Invitation, Role, User
from .tokens import make_password_token, make_verification_token


def town_url(path: str) -> str:
    """An absolute URL on the current town's host, for links in e-mails."""
    from django.conf import settings

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


def _email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


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
    """Create a resident under the town's residency policy and send the verification e-mail."""
    town = _current_town()
    email = email.strip().lower()
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Please enter your name.")})
    if _email_taken(email):
        raise ValidationError(
            {
                "email": _(
                    "An account with this e-mail address already exists. Did you forget "
                    "your password?"
                )
            }
        )
    candidate = User(email=email, full_name=full_name, postcode=postcode.strip())
    validate_password(password, candidate)
    if district and district not in town.districts:
        raise ValidationError({"district": _("Please choose one of the town's districts.")})
    invitation: Invitation | None = None
    status = User.Status.ACTIVE
    policy = town.residency_policy
    if policy == ResidencyPolicy.POSTCODE and candidate.postcode not in town.postcodes:
        raise ValidationError(
            {
                "postcode": _(
                    "Registration is open to residents of %(town)s only (postcodes %(codes)s)."
                )
                % {"town": town.name, "codes": ", ".join(town.postcodes)}
            }
        )
    if policy == ResidencyPolicy.INVITATION:
        invitation = (
            Invitation.objects.select_for_update().filter(code=invitation_code.strip()).first()
        )
        if invitation is None or not invitation.is_usable:
            raise ValidationError(
                {"invitation_code": _("This invitation code is not valid or has expired.")}
            )
    if policy == ResidencyPolicy.APPROVAL:
        status = User.Status.PENDING
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name,
        postcode=candidate.postcode,
        district=district,
        roles=[Role.RESIDENT],
        status=status,
        language=language or town.default_language,
    )
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk).update(used_count=F("used_count") + 1)
    send_verification_email(user=user)
    return user


def send_verification_email(*, user: User) -> None:
    """Queue the 'confirm your e-mail address' message."""
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
    if user.email != email:
        raise ValidationError(_("This link was made for another e-mail address."))
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
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
        )
    elif Role.TOWN_ADMIN not in user.roles:
        user.roles = [*user.roles, Role.TOWN_ADMIN]
        user.save(update_fields=["roles"])
    send_set_password_email(user=user, welcome=True)
    return user


def send_set_password_email(*, user: User, welcome: bool = False) -> None:
    """Queue a link to choose a (new) password."""
    link = town_url(
        reverse("accounts:password_reset_confirm", args=[user.public_id, make_password_token(user)])
    )
    queue_town_email(
        template="welcome_admin" if welcome else "password_reset",
        to=[user.email],
        context={"name": user.full_name, "link": link},
        language=user.language,
    )


@transaction.atomic
def set_user_roles(*, user: User, roles: Iterable[str], changed_by: User) -> User:
    """Replace a user's roles; a town keeps at least one administrator."""
    new_roles = sorted(set(roles) | {Role.RESIDENT})
    unknown = set(new_roles) - set(Role.values)
    if unknown:
        raise ValidationError(_("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    if Role.TOWN_ADMIN in user.roles and Role.TOWN_ADMIN not in new_roles:
        others = User.objects.filter(roles__contains=[Role.TOWN_ADMIN], is_active=True).exclude(
            pk=user.pk
        )
        if not others.exists():
            raise ValidationError(_("The town must keep at least one administrator."))
    old_roles = list(user.roles)
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
    """Let a pending resident take part (policy 'approval')."""
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
