"""Checks shared by the exchange's services: who may act, and clean text."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.validation import clean_text as shared_clean_text


def require_participant(user: User) -> None:
    """Only active, verified residents may post, write or move time."""
    if not user.is_authenticated or not user.can_participate:
        raise PermissionDenied(
            _("Only confirmed, active members of the town can do this. Please log in.")
        )


def clean_text(
    value: object,
    *,
    field: str,
    label: str,
    max_length: int,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """Plain text, trimmed; markup is kept as typed and escaped wherever it is shown."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: _("%(label)s must be text.") % {"label": label}})
    try:
        # The shared rules: no control characters, not only invisible characters.
        text = shared_clean_text(value, multiline=multiline)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if required and not text:
        raise ValidationError({field: _("Please fill in %(label)s.") % {"label": label}})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("%(label)s may have at most %(max)d characters; it has %(n)d.")
                % {"label": label, "max": max_length, "n": len(text)}
            }
        )
    return text


def clean_minutes(value: object, *, field: str = "minutes", maximum: int) -> int:
    """Time is counted in whole quarter hours: 15, 30, 45 … up to `maximum` minutes."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: _("Please enter the time as a whole number of minutes.")})
    if value <= 0:
        raise ValidationError({field: _("The time must be more than zero minutes.")})
    if value % 15:
        raise ValidationError(
            {field: _("Time is counted in quarter hours: use 15, 30, 45, 60 … minutes.")}
        )
    if value > maximum:
        raise ValidationError(
            {field: _("At most %(hours)d hours at once are possible.") % {"hours": maximum // 60}}
        )
    return value
