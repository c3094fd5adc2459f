"""Figures in words: counts as numbers, time-bank minutes as hours and minutes."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _


def format_figure(value: int, unit: str) -> str:
    if unit == "minutes":
        hours, minutes = divmod(int(value), 60)
        if minutes == 0:
            return _("%(hours)s h") % {"hours": formats.number_format(hours, force_grouping=True)}
        return _("%(hours)s h %(minutes)s min") % {
            "hours": formats.number_format(hours, force_grouping=True),
            "minutes": minutes,
        }
    return str(formats.number_format(int(value), force_grouping=True))
