"""What a profile or offering may be given, how input is cleaned, and the change log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.validation import Errors, clean_text, has_visible_text

from ..models import (
    Category,
    Organisation,
    OrganisationChange,
)
from ..search import strip_private_use

PROFILE_FIELDS = (
    "name",
    "kind",
    "description",
    "categories",
    "contact_name",
    "email",
    "phone",
    "website",
    "address",
    "meeting_times",
)


REQUIRED_FIELDS = ("name", "kind", "description")


OFFERING_FIELDS = ("title", "description", "schedule")


MAX_CATEGORIES = 5


# Text that may span lines; every other field is one line.
MULTILINE_FIELDS = frozenset({"description", "meeting_times"})
_web_address = URLValidator(schemes=["http", "https"])


def _clean_text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError({field: _("Please enter text.")}, code="wrong_type")
    # Private-use characters are dropped (search); control characters are refused.
    try:
        text = clean_text(strip_private_use(value), multiline=field in MULTILINE_FIELDS)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if field == "website" and text:
        try:
            _web_address(text)
        except ValidationError as exc:
            raise ValidationError(
                {field: _("Enter a full web address starting with http:// or https://.")}
            ) from exc
    return text


def _clean_categories(value: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationError({"categories": _("Please choose categories from the list.")})
    chosen = list(dict.fromkeys(value))
    unknown = [v for v in chosen if v not in Category.values]
    if unknown:
        raise ValidationError({"categories": _("Please choose categories from the list.")})
    if len(chosen) > MAX_CATEGORIES:
        raise ValidationError(
            {"categories": _("Please choose at most %(n)s categories.") % {"n": MAX_CATEGORIES}}
        )
    return chosen


def _apply_fields(
    target: Any, fields: dict[str, Any], allowed: tuple[str, ...], *, required: tuple[str, ...]
) -> list[str]:
    """Set cleaned values on `target`; return the names of fields that really changed.

    Every field is checked before anything is refused, so one answer names every problem
    (the `Errors` collector); `required` fields must have visible text afterwards."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    errors = Errors()
    changed = []
    for name, raw in fields.items():
        try:
            value = _clean_categories(raw) if name == "categories" else _clean_text(raw, name)
        except ValidationError as exc:
            errors.collect(exc, field=name)
            continue
        limit = getattr(target._meta.get_field(name), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            # TextField's max_length is not checked by full_clean, so check every field here.
            errors.add(name, _("Please keep this under %(n)s characters.") % {"n": limit})
            continue
        current = getattr(target, name)
        if name == "categories" and sorted(current or []) == sorted(value):
            continue  # the same categories in another order are no change
        if current != value:
            setattr(target, name, value)
            changed.append(name)
    for name in required:
        # Zero-width or bidi characters alone are no name (portal.validation).
        if name not in errors.errors and not has_visible_text(getattr(target, name)):
            errors.add(name, _("This field must not be empty."))
    errors.raise_if_any()
    return changed


def _log(
    organisation: Organisation,
    by: User | None,
    action: str,
    fields: list[str] | None = None,
    note: str = "",
) -> None:
    OrganisationChange.objects.create(
        organisation=organisation,
        changed_by=by,
        action=action,
        fields=fields or [],
        note=note[:500],
    )
