"""Colour rules: valid hex, and readable — white text on the primary colour, links on white."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .contrast import AA_TEXT, HEX_COLOUR, WHITE, contrast_ratio


def validate_hex_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("“%(value)s” is not a colour; write it as # and six hex digits, e.g. #1f4e79.")
            % {"value": value},
            code="invalid_colour",
        )


def validate_primary_colour(value: str) -> None:
    """White text sits on the primary colour (header, buttons): it must reach WCAG AA."""
    validate_hex_colour(value)
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_TEXT:
        raise ValidationError(
            _(
                "White text on %(value)s has a contrast of only %(ratio).1f:1; it needs at least "
                "%(need).1f:1 to be readable (WCAG AA). Please choose a darker colour."
            )
            % {"value": value, "ratio": ratio, "need": AA_TEXT},
            code="low_contrast",
        )


def validate_accent_colour(value: str) -> None:
    """The accent colour is used for links and focus rings on white."""
    validate_hex_colour(value)
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_TEXT:
        raise ValidationError(
            _(
                "Links in %(value)s on a white page have a contrast of only %(ratio).1f:1; they "
                "need at least %(need).1f:1 (WCAG AA). Please choose a darker colour."
            )
            % {"value": value, "ratio": ratio, "need": AA_TEXT},
            code="low_contrast",
        )
