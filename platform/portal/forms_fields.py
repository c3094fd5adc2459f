"""Form fields every module shares: an amount of money typed in euros, kept as integer cents."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# "39", "39,5", "39,50", "39.50", "1.234,50", "1234.50", optionally with "€" or "EUR".
_PLAIN = re.compile(r"^(?P<sign>-?)(?P<whole>\d{1,9})(?:[.,](?P<part>\d{1,2}))?$")
_GROUPED = re.compile(r"^(?P<sign>-?)(?P<whole>\d{1,3}(?:\.\d{3})+)(?:,(?P<part>\d{1,2}))?$")
_CURRENCY = re.compile(r"\s*(€|eur|euro)\s*$", re.IGNORECASE)


def parse_euros(text: str) -> int | None:
    """Euros as people type them, as integer cents (never through a float); None if the
    text is no amount. A sign is kept: whether it may be negative is the service's rule."""
    cleaned = _CURRENCY.sub("", text.strip()).replace(" ", "").replace("\u00a0", "")
    match = _PLAIN.match(cleaned) or _GROUPED.match(cleaned)
    if match is None:
        return None
    whole = int(match["whole"].replace(".", ""))
    part = (match["part"] or "").ljust(2, "0")
    cents = whole * 100 + int(part or "0")
    return -cents if match["sign"] else cents


def format_euros_for_input(cents: int | None) -> str:
    """Cents as a form shows them for editing: "39,50" (no grouping, no currency sign)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole},{part:02d}"


class EuroInput(forms.TextInput):
    """A text box for euros: the phone shows its number keys with a decimal separator."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int):
            return format_euros_for_input(value)
        formatted: str | None = super().format_value(value)
        return formatted


class EuroField(forms.CharField):
    """An amount in euros ("39,50", "39.50" or "39") cleaned to integer cents, or None."""

    widget = EuroInput
    default_error_messages = {
        "invalid": _('Please enter an amount in euros, for example "39,50".'),
    }

    # No `max_length`: its validator would measure the cents; the text is checked here.
    MAX_TYPED = 20

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": str(self.MAX_TYPED)}

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        if isinstance(value, int):
            return value
        text = super().to_python(value)
        if not text:
            return None
        cents = parse_euros(text) if len(text) <= self.MAX_TYPED else None
        if cents is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return cents
