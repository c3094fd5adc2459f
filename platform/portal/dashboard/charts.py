"""The dashboard's charts: one weekly series over the period's weeks, drawn by the shared
chart geometry (`portal.charts`, template `portal/chart.svg`).

The page puts the same figures in a table next to each chart.
"""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from portal.charts import Chart, nice_top
from portal.charts import draw_chart as draw_slots

from .figures import DashboardPeriod, WeeklySeries, series_values
from .formatting import format_figure

__all__ = ["Chart", "draw_chart"]


def _week_label(week: date) -> str:
    return formats.date_format(week, "SHORT_DATE_FORMAT")


def draw_chart(series: WeeklySeries, period: DashboardPeriod) -> Chart:
    """The geometry of one series' chart over the period's weeks."""
    values = series_values(series, period)
    highest = max(values, default=0)
    top = nice_top(highest)
    if series.unit == "minutes":  # whole hours on the value axis
        top = max(60, nice_top((highest + 59) // 60) * 60)
    bar_labels = [
        _("Week of %(week)s: %(value)s")
        % {"week": _week_label(week), "value": format_figure(value, series.unit)}
        for week, value in zip(period.weeks, values, strict=True)
    ]
    month_starts = [
        (index, formats.date_format(week, "M"))
        for index, week in enumerate(period.weeks)
        if index > 0 and week.month != period.weeks[index - 1].month
    ]
    best_week = period.weeks[values.index(highest)] if values else None
    description = _(
        "%(weeks)s weeks from %(first)s. Total: %(total)s. Highest week: %(highest)s "
        "(week of %(best)s). This week: %(current)s."
    ) % {
        "weeks": len(values),
        "first": _week_label(period.since),
        "total": format_figure(sum(values), series.unit),
        "highest": format_figure(highest, series.unit),
        "best": _week_label(best_week) if best_week else "–",
        "current": format_figure(values[-1] if values else 0, series.unit),
    }
    return draw_slots(
        key=series.key,
        kind=series.chart,
        title=str(series.label),
        description=description,
        values=values,
        bar_labels=bar_labels,
        value_label=lambda value: format_figure(value, series.unit),
        slot_ticks=month_starts,
        top=top,
        bottom=0,
    )
