"""Figures in words: counts as numbers, time-bank minutes as hours and minutes, cents as
euros."""

from __future__ import annotations

from django.utils import formats

from portal.formatting import euros, hours_minutes


def format_figure(value: int, unit: str) -> str:
    if unit == "minutes":
        return hours_minutes(int(value))
    if unit == "cents":
        return euros(int(value))
    return str(formats.number_format(int(value), force_grouping=True))
