"""Two-step log-in with a code from an authenticator app (TOTP, django-otp).

Required for operators (public-schema users); available to everyone in a town, and required
for a town's administrators where the town says so. One confirmed device per person.
"""

from __future__ import annotations

from base64 import b32encode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.town_cache import cached_for_town
from tenants.current import current_town

from .audit import record_audit
from .models import SecuritySettings, User

DEVICE_NAME = "app"


def confirmed_device(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they set one up."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    )
    return device


def admins_need_two_factor() -> bool:
    """Whether the current town requires the second step for its administrators (asked on
    every request of an administrator: from the town's cache, forgotten on each change)."""
    return cached_for_town("security:admins_need_two_factor", _admins_need_two_factor)


def _admins_need_two_factor() -> bool:
    row = SecuritySettings.objects.filter(singleton=True).first()
    return bool(row and row.admins_need_two_factor)


def two_factor_mandatory(user: User) -> bool:
    """Operators must use it; a town's administrators must where the town requires it."""
    if current_town() is None:
        return bool(user.is_staff)
    return user.is_town_admin and admins_need_two_factor()


def secret_of(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32, in groups of four."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def setup_uri(device: TOTPDevice) -> str:
    """The otpauth:// address an app reads (also as a QR code)."""
    return str(device.config_url)


@transaction.atomic
def start_two_factor_setup(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator key for the person (the same one until confirmed)."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _clean_code(code: str) -> str:
    code = "".join(code.split())
    if not code.isascii() or not code.isdigit() or len(code) != 6:
        raise ValidationError({"code": [_("Please enter the six digits your app shows.")]})
    return code


@transaction.atomic
def confirm_two_factor_setup(*, user: User, code: str) -> TOTPDevice:
    """Confirm the new key with a code from the app; it replaces any earlier authenticator."""
    code = _clean_code(code)
    device: TOTPDevice | None = (
        TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    )
    if device is None:
        raise ValidationError(_("Please start the setup again."))
    if not device.verify_token(code):
        raise ValidationError({"code": [_("This code is not right. Please try the current one.")]})
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_audit(actor=user, subject=user, action="two_factor_enabled")
    return device


def check_two_factor_code(*, user: User, code: str) -> TOTPDevice:
    """The person's authenticator if the code is right (each code works once; wrong codes
    slow further tries down), else ValidationError."""
    code = _clean_code(code)
    device = confirmed_device(user)
    if device is None:
        raise ValidationError(_("Two-step log-in is not set up for this account."))
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                {"code": [_("Too many wrong codes. Please wait a minute and try again.")]}
            )
        ok = device.verify_token(code)
    if not ok:
        raise ValidationError({"code": [_("This code is not right. Please try the current one.")]})
    return device


@transaction.atomic
def turn_off_two_factor(*, user: User, code: str) -> None:
    """Remove the person's authenticator (a current code proves it is them)."""
    if two_factor_mandatory(user):
        raise PermissionDenied(_("Two-step log-in is required for your account."))
    check_two_factor_code(user=user, code=code)
    TOTPDevice.objects.filter(user=user).delete()
    record_audit(actor=user, subject=user, action="two_factor_disabled")


@transaction.atomic
def set_admins_need_two_factor(*, required: bool, changed_by: User) -> SecuritySettings:
    """A town administrator decides whether administrators must use two-step log-in."""
    if not changed_by.is_town_admin:
        raise PermissionDenied(_("Only the town's administrators can do this."))
    row, _created = SecuritySettings.objects.select_for_update().get_or_create(singleton=True)
    if row.admins_need_two_factor != required:
        row.admins_need_two_factor = required
        row.save(update_fields=["admins_need_two_factor", "updated_at"])
        record_audit(
            actor=changed_by, action="two_factor_policy_changed", detail={"required": required}
        )
    return row
