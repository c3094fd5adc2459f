"""The API's own fields: clean text, bounded dates, web addresses, and their schemas.

A title with BEL (U+0007) or NUL, or a lone surrogate, is not text a person typed. The API's
string fields derive from `CleanCharField`, which refuses C0/C1 control characters (tab, line
feed and carriage return are allowed where a field may hold several lines), surrogates and
non-characters, and treats text of only invisible characters (zero-width, bidi controls) as
blank. The schema states the same rule as a `pattern`, so clients and schemathesis know it.
(Forms have their own cleaner in `portal.validation`; this is the serializer side.) Text must
be a JSON string (`StrictCharField`): DRF would turn the number 123 into "123", which the
schema does not offer.

`TownModelSerializer` maps model fields onto these, so module serializers get them by
deriving from it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers
from rest_framework.fields import empty

_M = TypeVar("_M", bound=models.Model)

# The years the API accepts, as the recurrence bounds its occurrences.
FIRST_YEAR, LAST_YEAR = 1900, 2200

# Refused in every text: C0 controls but tab/LF/CR, DEL, C1 controls, U+FFFE/F (and lone
# surrogates, which no schema regex engine can name, so they are checked apart).
_FORBIDDEN = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ufffe\\uffff"
_FORBIDDEN_SINGLE_LINE = "\\x00-\\x1f\\x7f-\\x9f\\ufffe\\uffff"
# What counts as no visible text: Python's whitespace (what DRF trims) and the format
# characters that show nothing (zero-width, bidi controls, soft hyphen, BOM).
_INVISIBLE = (
    "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\xad\\u061c\\u1680\\u180e\\u2000-\\u200f"
    "\\u2028-\\u202f\\u205f-\\u2064\\u2066-\\u206f\\u3000\\ufeff"
)
_FORBIDDEN_RE = re.compile(f"[{_FORBIDDEN}\\ud800-\\udfff]")
_FORBIDDEN_SINGLE_LINE_RE = re.compile(f"[{_FORBIDDEN_SINGLE_LINE}\\ud800-\\udfff]")
_ONLY_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]*")


class StrictCharField(serializers.CharField):
    """A CharField that takes only JSON strings: DRF's own turns the number 123 (or true)
    into the text "123", so a wrong type would pass as valid input."""

    default_error_messages = {"not_text": _("This must be text.")}

    def to_internal_value(self, data: Any) -> str:
        value: str = super().to_internal_value(_text_only(self, data))
        return value


class StrictRegexField(serializers.RegexField):
    """A RegexField that takes only JSON strings (DRF's turns the number 12345 into text)."""

    default_error_messages = {"not_text": _("This must be text.")}

    def to_internal_value(self, data: Any) -> str:
        value: str = super().to_internal_value(_text_only(self, data))
        return value


_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _text_only(field: serializers.Field[Any, Any, Any, Any], data: Any) -> str:
    """A JSON string that UTF-8 can hold: a lone surrogate from a "\\ud800" escape would
    otherwise reach the database driver and fail there (a 500)."""
    if not isinstance(data, str) or _LONE_SURROGATE_RE.search(data):
        field.fail("not_text")
    return data


class CleanCharField(StrictCharField):
    """A text field without control characters; `multiline=True` allows line breaks and tabs."""

    default_error_messages = {
        "control_character": _("Remove the control characters from this text."),
    }

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        super().__init__(**kwargs)

    def run_validation(self, data: Any = empty) -> Any:
        # Checked before DRF trims (and before it turns white-space-only text into ""): Python
        # counts \x1c-\x1f as white space, so a lone \x1d would pass as blank.
        if isinstance(data, str):
            pattern = _FORBIDDEN_RE if self.multiline else _FORBIDDEN_SINGLE_LINE_RE
            if pattern.search(data):
                self.fail("control_character")
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if value and _ONLY_INVISIBLE_RE.fullmatch(value):
            if not self.allow_blank:
                self.fail("blank")
            return ""
        return value


def text_pattern(*, multiline: bool, allow_blank: bool) -> str:
    """The JSON-schema pattern of what a CleanCharField accepts (one visible character
    unless blank is allowed; whitespace-only is blank, as DRF trims it)."""
    forbidden = _FORBIDDEN if multiline else _FORBIDDEN_SINGLE_LINE
    allowed = f"[^{forbidden}]"
    visible = f"[^{forbidden}{_INVISIBLE}]"
    if allow_blank:
        return f"^{allowed}*$"
    return f"^{allowed}*{visible}{allowed}*$"


class CleanCharFieldExtension(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = "portal.api.fields.CleanCharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        field: CleanCharField = self.target
        schema: dict[str, Any] = build_basic_type(OpenApiTypes.STR) or {"type": "string"}
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        if field.min_length is not None:
            schema["minLength"] = field.min_length
        if direction == "request":
            schema["pattern"] = text_pattern(
                multiline=field.multiline, allow_blank=field.allow_blank
            )
        return schema


class CleanTextField(CleanCharField):
    """Several lines of text (descriptions, bodies): line breaks and tabs are fine."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("multiline", True)
        super().__init__(**kwargs)


class TownDateTimeField(serializers.DateTimeField):
    """A datetime between 1900 and 2200, written in the town's time zone.

    Before 1893 German zones used local mean time (Berlin +00:53:28), an offset RFC 3339 cannot
    write; such values (old rows) are written in UTC instead. Years are bounded like the
    recurrence's occurrences, so far-off dates never reach the time-zone arithmetic.
    """

    default_error_messages = {
        "year_range": _("Enter a date and time between 1900 and 2200."),
    }

    def to_internal_value(self, value: Any) -> datetime:
        parsed = super().to_internal_value(value)
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            self.fail("year_range")
        return parsed

    def enforce_timezone(self, value: datetime) -> datetime:
        aware = super().enforce_timezone(value)
        offset = aware.utcoffset()
        if offset is not None and (offset.seconds % 60 or offset.microseconds):
            return aware.astimezone(UTC)
        return aware


class TownDateField(serializers.DateField):
    """A date between 1900 and 2200."""

    default_error_messages = {"year_range": _("Enter a date between 1900 and 2200.")}

    def to_internal_value(self, value: Any) -> date:
        parsed = super().to_internal_value(value)
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            self.fail("year_range")
        return parsed


# What the schema promises for request datetimes and dates: the year range, and only days
# every month has (so a schema-valid value is always a real date).
_DAY = "(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
DATE_PATTERN = f"^{_DAY}$"
DATETIME_PATTERN = (
    f"^{_DAY}T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{{1,6}})?)?"
    "(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])$"
)


class TownDateTimeFieldExtension(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = "portal.api.fields.TownDateTimeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        if direction == "request":
            return {
                "type": "string",
                "pattern": DATETIME_PATTERN,
                "example": "2026-05-01T10:00+02:00",
            }
        return {"type": "string", "format": "date-time"}


class TownDateFieldExtension(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = "portal.api.fields.TownDateField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        if direction == "request":
            return {"type": "string", "pattern": DATE_PATTERN, "example": "2026-05-01"}
        return {"type": "string", "format": "date"}


# A web address the URLValidator accepts, said simply enough for a schema (Django's own regex
# does not translate into JSON Schema): http(s), a host name with a dot, a plain path.
WEB_ADDRESS = r"^https?://([a-z0-9]+\.)+[a-z]{2,10}(/[A-Za-z0-9._~-]*)*$"


class WebAddressField(serializers.URLField):
    """An http(s) address; the schema states the simple form above."""


class WebAddressFieldExtension(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = "portal.api.fields.WebAddressField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        field: WebAddressField = self.target
        schema: dict[str, Any] = {"type": "string"}
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        if direction == "request":
            schema["pattern"] = f"^$|{WEB_ADDRESS}" if field.allow_blank else WEB_ADDRESS
        else:
            schema["format"] = "uri"
        return schema


class TownModelSerializer(serializers.ModelSerializer[_M]):
    """Base of the API's model serializers: clean text and bounded, truthful datetimes."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: CleanCharField,
        models.TextField: CleanTextField,
        models.DateTimeField: TownDateTimeField,
        models.DateField: TownDateField,
        models.URLField: WebAddressField,
    }
