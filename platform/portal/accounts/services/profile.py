"""What a person changes about themselves: profile and e-mail address."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.validation import is_phone_number

from ..models import User
from ._checks import (
    LANGUAGES,
    PHONE_MAX_LENGTH,
    check_email,
    check_name,
    check_residence,
    email_taken,
)
from ._town import require_town
from .verification import send_verification_email


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
    town = require_town()
    errors: dict[str, list[str]] = {}
    full_name = check_name(full_name, errors)
    postcode, district = check_residence(
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
    new_email = check_email(new_email, errors)
    if not user.check_password(password):
        errors.setdefault("password", []).append(_("The password is not right."))
    if "email" not in errors:
        if new_email == user.email:
            errors["email"] = [_("This is already your e-mail address.")]
        elif email_taken(new_email, exclude=user):
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
    send_verification_email(user=user, changed_address=True)
    return user
