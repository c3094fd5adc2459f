"""Checks shared by registration and the profile; each adds its messages to `errors`."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from tenants.models import ResidencyPolicy, Town

from ..models import User

NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
PHONE_MAX_LENGTH = 40
LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)
_POSTCODE_RE = re.compile(r"^\d{5}$")


def email_taken(email: str, *, exclude: User | None = None) -> bool:
    users = User.objects.filter(email__iexact=email)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.exists()


def duplicate_email_message() -> str:
    return _("An account with this e-mail address already exists. Did you forget your password?")


def check_email(email: str, errors: dict[str, list[str]]) -> str:
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


def check_name(full_name: str, errors: dict[str, list[str]]) -> str:
    full_name = " ".join(full_name.split())
    if not full_name:
        errors.setdefault("full_name", []).append(_("Please enter your name."))
    elif len(full_name) > NAME_MAX_LENGTH:
        errors.setdefault("full_name", []).append(
            _("A name may have at most %(max)d characters.") % {"max": NAME_MAX_LENGTH}
        )
    return full_name


def check_residence(
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
