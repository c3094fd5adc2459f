"""Input rules shared by the info services: clear messages, nothing half-saved."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/-]{1,38}$")
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_url_validator = URLValidator(schemes=["http", "https"])


class Errors:
    """Collects field errors and raises them together, so one answer names every problem."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def text(
        self,
        field: str,
        value: object,
        *,
        max_length: int,
        required: bool = True,
        multiline: bool = False,
    ) -> str:
        """A cleaned text value; problems are recorded under `field`."""
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(field, _("This must be text."))
            return ""
        cleaned = value.strip()
        if multiline:
            cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
            probe = cleaned.replace("\n", "").replace("\t", "")
        else:
            probe = cleaned
        if _CONTROL.search(probe) or (not multiline and ("\n" in cleaned or "\t" in cleaned)):
            self.add(
                field,
                _(
                    "This contains characters that are not allowed (control characters or line breaks)."
                ),
            )
            return ""
        if required and not cleaned:
            self.add(field, _("This field must not be empty."))
        if len(cleaned) > max_length:
            self.add(
                field,
                _("This may have at most %(max)d characters; it has %(n)d.")
                % {"max": max_length, "n": len(cleaned)},
            )
        return cleaned

    def url(self, field: str, value: object) -> str:
        cleaned = self.text(field, value, max_length=500)
        if cleaned and field not in self.errors:
            try:
                _url_validator(cleaned)
            except ValidationError:
                self.add(field, _("Enter a full web address starting with http:// or https://."))
        return cleaned

    def phone(self, field: str, value: object) -> str:
        cleaned = self.text(field, value, max_length=40, required=False)
        if cleaned and not _PHONE.match(cleaned):
            self.add(
                field, _("A phone number may only contain digits, spaces, +, /, - and brackets.")
            )
        return cleaned

    def slug(self, field: str, value: object, *, max_length: int = 80) -> str:
        cleaned = self.text(field, value, max_length=max_length, required=False).lower()
        if cleaned and not _SLUG.match(cleaned):
            self.add(
                field,
                _("A short name may only contain lower-case letters a–z, digits and hyphens."),
            )
        return cleaned

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def require(allowed: bool) -> None:
    """Refuse a write the acting user may not make (views check first; this is the backstop)."""
    if not allowed:
        raise PermissionDenied(_("You may not do this."))
