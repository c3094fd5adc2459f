"""E-mailed links: confirming an address, choosing a (new) password."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notify import notify
from tenants.addresses import town_url

from ..models import User
from ..tokens import make_password_token, make_verification_token


def send_verification_email(*, user: User, changed_address: bool = False) -> None:
    """Queue the 'confirm your e-mail address' message to the user's current address;
    `changed_address` words it for a new address instead of a new registration."""
    link = town_url(reverse("accounts:verify", args=[make_verification_token(user)]))
    notify(
        user,
        "verify_email",
        context={"link": link, "changed_address": changed_address},
        kind="account",
    )


@transaction.atomic
def verify_email(*, user: User, email: str) -> User:
    """Mark the address as confirmed if the link was made for the user's current address."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if (user.email or "").lower() != email.lower():
        raise ValidationError(_("This link was made for another e-mail address."))
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
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
    if user.is_managed:
        # A managed resident invited to a full account: from now on they log in themselves.
        user.is_managed = False
        fields.append("is_managed")
    user.save(update_fields=fields)
    return user


def send_set_password_email(*, user: User, welcome: bool = False) -> None:
    """Queue a link to choose a (new) password; the link names the user by public id."""
    link = town_url(
        reverse("accounts:password_reset_confirm", args=[user.public_id, make_password_token(user)])
    )
    notify(
        user,
        "welcome_admin" if welcome else "password_reset",
        context={"link": link},
        kind="account",
    )
