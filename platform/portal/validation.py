"""One way to check what people type, for every module's forms, services and serializers.

- `clean_text` / `PlainTextValidator`: no control characters (C0 and C1; long text keeps
  line breaks and tabs), and never text that is empty once the invisible characters are gone
  (zero-width, bidi controls and other format characters, Unicode category Cf).
- `EARLIEST_DATE` / `LATEST_DATE`: the one sane range for dates people enter.
- `Errors`: collects every problem of one input and raises them together.
- `clean_reason`: the reason a moderator or operator gives (kept on record, often shown).
- `add_service_errors`: shows a service's ValidationError on a Django form.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# C0 controls except tab, line feed and carriage return; DEL; the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029\x85]")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/-]{1,38}\Z", re.ASCII)
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\Z", re.ASCII)
_url_validator = URLValidator(schemes=["http", "https"])

# Dates people enter (events, news, menus, series ends): the range the recurrence and the API
# already used. Year 1 or 9999 is a typing slip, and breaks time zone arithmetic.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)


def is_phone_number(text: str) -> bool:
    """Digits (ASCII), spaces, +, /, - and brackets: what people write a phone number with."""
    return _PHONE.match(text) is not None


def has_visible_text(text: str) -> bool:
    """Whether `text` has anything left once whitespace and format characters are removed."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why `text` cannot be stored as typed, or None. Empty text is the caller's business."""
    probe = text.replace("\r\n", "\n") if multiline else text
    if _CONTROL.search(probe) or (not multiline and _LINE_BREAKS.search(probe)):
        if multiline:
            return _("This contains characters that are not allowed (control characters).")
        return _(
            "This contains characters that are not allowed (control characters or line breaks)."
        )
    if text and not text.isspace() and not has_visible_text(text):
        return _("This contains only invisible characters. Please enter visible text.")
    return None


def clean_text(value: object, *, multiline: bool = False) -> str:
    """Trimmed text (line breaks made `\\n` in long text); refuses what `text_problem` names."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("This must be text."), code="wrong_type")
    cleaned = value.strip()
    if multiline:
        cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
    problem = text_problem(cleaned, multiline=multiline)
    if problem:
        raise ValidationError(problem, code="bad_characters")
    return cleaned


def clean_reason(
    value: object,
    *,
    required: bool,
    max_length: int,
    field: str | None = "reason",
    required_message: str | None = None,
    too_long_message: str | None = None,
) -> str:
    """A reason as it will be recorded: `clean_text` (long text), then required and length.

    Errors are raised under `field` (None: not tied to a field, e.g. for a command line).
    Callers whose wording differs on purpose pass their own messages; `too_long_message`
    may use %(max)d."""

    def refuse(message: str | list[str], code: str) -> ValidationError:
        return ValidationError({field: message} if field else message, code=code)

    try:
        text = clean_text(value, multiline=True)
    except ValidationError as exc:
        raise refuse(exc.messages, exc.code or "bad_characters") from exc
    if required and not text:
        raise refuse(required_message or _("Please give a reason."), "required")
    if len(text) > max_length:
        message = too_long_message or _("The reason may have at most %(max)d characters.")
        raise refuse(message % {"max": max_length}, "max_length")
    return text


@deconstructible
class PlainTextValidator:
    """A field validator (forms, serializers, models) applying `text_problem`."""

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: object) -> None:
        if isinstance(value, str):
            problem = text_problem(value, multiline=self.multiline)
            if problem:
                raise ValidationError(problem, code="bad_characters")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash(self.multiline)


single_line = PlainTextValidator()
long_text = PlainTextValidator(multiline=True)


def date_problem(value: date | datetime) -> str | None:
    """Why a date people entered is out of the sane range, or None."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return _("Enter a date between %(first)d and %(last)d.") % {
            "first": EARLIEST_DATE.year,
            "last": LATEST_DATE.year,
        }
    return None


class Errors:
    """Collects field errors and raises them together, so one answer names every problem."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def collect(self, exc: ValidationError, *, field: str = "__all__") -> None:
        """Record a check's ValidationError (under its own fields, else under `field`)."""
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.add(name, message)
        else:
            for message in exc.messages:
                self.add(field, message)

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
        try:
            cleaned = clean_text(value, multiline=multiline)
        except ValidationError as exc:
            for message in exc.messages:
                self.add(field, message)
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
        if cleaned and not is_phone_number(cleaned):
            self.add(
                field, _("A phone number may only contain digits, spaces, +, /, - and brackets.")
            )
        return cleaned

    def slug(self, field: str, value: object, *, max_length: int = 80) -> str:
        typed = self.text(field, value, max_length=max_length, required=False)
        # Lower-case ASCII only: "K" (Kelvin) would otherwise become a "k" nobody typed.
        cleaned = typed.lower() if typed.isascii() else typed
        if cleaned and not _SLUG.match(cleaned):
            self.add(
                field,
                _("A short name may only contain lower-case letters a–z, digits and hyphens."),
            )
        return cleaned

    def moment(self, field: str, value: date | datetime | None) -> None:
        """Record a date outside EARLIEST_DATE..LATEST_DATE."""
        if value is not None:
            problem = date_problem(value)
            if problem:
                self.add(field, problem)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def add_service_errors(
    form: forms.BaseForm,
    exc: ValidationError | PermissionDenied,
    *,
    default_field: str | None = None,
) -> None:
    """Show a service's ValidationError on `form`: under the field it names where the form has
    that field, else under `default_field` (when the form has it) or above the form. A
    PermissionDenied (a service refusing the actor, e.g. consent withdrawn meanwhile) is shown
    above the form."""
    fallback = default_field if default_field in form.fields else None
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else fallback
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(fallback, message)
