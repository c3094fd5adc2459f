"""Applying a profile form's fields to a provider, every text checked by portal.validation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.validation import clean_text

from ..models import MAX_DISTRICTS, Provider

PROFILE_FIELDS = (
    "name",
    "trade",
    "description",
    "address",
    "phone",
    "request_email",
    "opening_hours",
    "districts",
)
REQUIRED = ("name", "trade", "description", "request_email")
MULTILINE = ("description", "opening_hours")


def district_names(value: object) -> list[str]:
    """Cleaned, de-duplicated district names (a list, or a text separated by commas)."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        raise ValidationError({"districts": _("Please list the districts, separated by commas.")})
    names = [clean_text(name) for name in value]
    names = list(dict.fromkeys(name for name in names if name))
    if len(names) > MAX_DISTRICTS:
        raise ValidationError(
            {"districts": _("Please list at most %(max)d districts.") % {"max": MAX_DISTRICTS}}
        )
    if any(len(name) > 80 for name in names):
        raise ValidationError({"districts": _("A district's name is too long.")})
    return names


def apply_fields(provider: Provider, fields: dict[str, Any]) -> list[str]:
    """Set the given profile fields; the names of those that changed. Errors per field."""
    errors: dict[str, list[str]] = {}
    changed = []
    for name in PROFILE_FIELDS:
        if name not in fields:
            continue
        try:
            if name == "districts":
                value: Any = district_names(fields[name])
            else:
                value = clean_text(fields[name], multiline=name in MULTILINE)
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.messages)
            continue
        if name in REQUIRED and not value:
            errors.setdefault(name, []).append(_("Please fill in this field."))
            continue
        if getattr(provider, name) != value:
            setattr(provider, name, value)
            changed.append(name)
    if errors:
        raise ValidationError(errors)
    return changed
