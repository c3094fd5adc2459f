"""Figures in words: counts as numbers, time-bank minutes as hours and minutes."""

from __future__ import annotations

from django.utils import formats

from portal.formatting import hours_minutes


def format_figure(value: int, unit: str) -> str:
    if unit == "minutes":
        return hours_minutes(int(value))
    return str(formats.number_format(int(value), force_grouping=True))
