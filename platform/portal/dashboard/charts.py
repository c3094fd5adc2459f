"""Server-drawn SVG charts of weekly series: geometry here, markup in a template.

No JavaScript and no inline styles: the template uses SVG presentation attributes and CSS
classes from `dashboard.css`. Every chart is `role="img"` with a title and a description
in words; the page puts the same figures in a table next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from .figures import DashboardPeriod, WeeklySeries, series_values
from .formatting import format_figure

WIDTH = 640
HEIGHT = 220
LEFT = 56  # room for the value axis' labels
RIGHT = 8
TOP = 12
BOTTOM = 32  # room for the month labels
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # "week of 3 Feb 2026: 12"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    key: str
    kind: str  # "bar" or "line"
    title: str
    description: str
    bars: list[Bar]
    points: str  # the line's "x,y x,y ..." for kind "line"
    value_ticks: list[Tick]
    week_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = TOP + PLOT_HEIGHT
    right_edge: int = WIDTH - RIGHT


def _nice_top(highest: int) -> int:
    """The value axis' top: the highest value rounded up to 1, 2 or 5 times a power of ten."""
    if highest <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= highest:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= highest:
            return step * magnitude
    return 10 * magnitude


def _week_label(week: date) -> str:
    return formats.date_format(week, "SHORT_DATE_FORMAT")


def draw_chart(series: WeeklySeries, period: DashboardPeriod) -> Chart:
    """The geometry of one series' chart over the period's weeks."""
    values = series_values(series, period)
    top = _nice_top(max(values, default=0))
    if series.unit == "minutes":
        top = max(60, _nice_top((max(values, default=0) + 59) // 60) * 60)
    slot = PLOT_WIDTH / max(len(values), 1)

    def y_of(value: int) -> float:
        return round(TOP + PLOT_HEIGHT * (1 - value / top), 1)

    bars = []
    points = []
    for index, (week, value) in enumerate(zip(period.weeks, values, strict=True)):
        x = round(LEFT + index * slot, 1)
        text = _("Week of %(week)s: %(value)s") % {
            "week": _week_label(week),
            "value": format_figure(value, series.unit),
        }
        bars.append(Bar(x=x + 1, y=y_of(value), width=round(slot - 2, 1), height=0, label=text))
        points.append(f"{round(x + slot / 2, 1)},{y_of(value)}")
    bars = [
        Bar(x=b.x, y=b.y, width=b.width, height=round(TOP + PLOT_HEIGHT - b.y, 1), label=b.label)
        for b in bars
    ]
    value_ticks = [
        Tick(position=y_of(value), label=format_figure(value, series.unit))
        for value in sorted({0, top // 2, top})
    ]
    week_ticks = [
        Tick(position=round(LEFT + index * slot, 1), label=formats.date_format(week, "M"))
        for index, week in enumerate(period.weeks)
        if index > 0 and week.month != period.weeks[index - 1].month
    ]
    total = sum(values)
    highest = max(values, default=0)
    best_week = period.weeks[values.index(highest)] if values else None
    description = _(
        "%(weeks)s weeks from %(first)s. Total: %(total)s. Highest week: %(highest)s "
        "(week of %(best)s). This week: %(current)s."
    ) % {
        "weeks": len(values),
        "first": _week_label(period.since),
        "total": format_figure(total, series.unit),
        "highest": format_figure(highest, series.unit),
        "best": _week_label(best_week) if best_week else "–",
        "current": format_figure(values[-1] if values else 0, series.unit),
    }
    return Chart(
        key=series.key,
        kind=series.chart,
        title=str(series.label),
        description=description,
        bars=bars if series.chart == "bar" else [],
        points=" ".join(points) if series.chart == "line" else "",
        value_ticks=value_ticks,
        week_ticks=week_ticks,
    )
