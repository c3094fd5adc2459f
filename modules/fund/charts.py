"""The fund page's chart: contributions per month as bars (shared geometry, portal.charts)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _

from portal.charts import Chart, draw_chart, nice_top
from portal.formatting import euros

from .selectors import MonthFigure

# Wide enough for "10.000,00 €" on the value axis.
VALUE_AXIS_WIDTH = 96


def month_label(month: MonthFigure) -> str:
    """ "March 2026" in the active language."""
    return str(formats.date_format(month.month, "YEAR_MONTH_FORMAT"))


def _whole_euros_above(cents: int) -> int:
    """`cents` rounded up to a round number of whole euros, in cents (the axis' end)."""
    return nice_top((cents + 99) // 100) * 100


def contributions_chart(months: Sequence[MonthFigure]) -> Chart:
    """Bars of the months' contributions in euros, with a description in words."""
    values = [month.cents for month in months]
    highest = max(values, default=0)
    lowest = min(values, default=0)
    best = months[values.index(highest)] if months else None
    description = _(
        "Contributions to the LQ Fonds per month, %(first)s to %(last)s. Total: %(total)s. "
        "Highest month: %(best)s with %(highest)s."
    ) % {
        "first": month_label(months[0]) if months else "–",
        "last": month_label(months[-1]) if months else "–",
        "total": euros(sum(values)),
        "best": month_label(best) if best else "–",
        "highest": euros(highest),
    }
    return draw_chart(
        key="fund-months",
        title=_("Contributions per month"),
        description=description,
        values=values,
        bar_labels=[f"{month_label(month)}: {euros(month.cents)}" for month in months],
        value_label=euros,
        slot_ticks=[
            (index, str(formats.date_format(month.month, "M")))
            for index, month in enumerate(months)
        ],
        centred_ticks=True,
        top=_whole_euros_above(max(highest, 0)),
        bottom=-_whole_euros_above(-lowest) if lowest < 0 else 0,
        left=VALUE_AXIS_WIDTH,
    )
