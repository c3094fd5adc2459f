"""The dashboard as the page and the CSV download show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats

from .charts import Chart, draw_chart
from .figures import (
    DashboardPeriod,
    DashboardSection,
    WeeklySeries,
    last_year_weeks,
    series_of,
    series_values,
)
from .formatting import format_figure
from .sections import dashboard_sections


@dataclass(frozen=True)
class TableRow:
    week: date
    week_label: str
    cells: list[tuple[str, str]]  # (the series' label, the week's figure)


@dataclass(frozen=True)
class SectionView:
    section: DashboardSection
    charts: list[Chart]
    headlines: list[tuple[str, str]]  # (label, the figure in words)
    rows: list[TableRow]  # the charts' text alternative: one row a week, newest first


@dataclass(frozen=True)
class Dashboard:
    period: DashboardPeriod
    sections: list[SectionView]


def _rows(series: list[WeeklySeries], period: DashboardPeriod) -> list[TableRow]:
    columns = [series_values(one, period) for one in series]
    rows = [
        TableRow(
            week=week,
            week_label=formats.date_format(week, "SHORT_DATE_FORMAT"),
            cells=[
                (str(one.label), format_figure(column[index], one.unit))
                for one, column in zip(series, columns, strict=True)
            ],
        )
        for index, week in enumerate(period.weeks)
    ]
    return rows[::-1]


def town_dashboard(*, today: date | None = None) -> Dashboard:
    """Every section of the current town's dashboard over the last 52 weeks."""
    period = last_year_weeks(today)
    views = []
    for section in dashboard_sections(since=period.since):
        series = list(section.series)
        views.append(
            SectionView(
                section=section,
                charts=[draw_chart(one, period) for one in series],
                headlines=[
                    (str(one.label), format_figure(one.value, one.unit))
                    for one in section.headlines
                ],
                rows=_rows(series, period) if series else [],
            )
        )
    return Dashboard(period=period, sections=views)


def dashboard_table(*, today: date | None = None) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and rows: one row a week (oldest first), one column a series."""
    period = last_year_weeks(today)
    series = series_of(dashboard_sections(since=period.since))
    suffix = {"minutes": " (min)", "cents": " (ct)"}
    header = ["week"] + [f"{one.label}{suffix.get(one.unit, '')}" for one in series]
    columns = [series_values(one, period) for one in series]
    rows = [
        [week.isoformat()] + [str(column[index]) for column in columns]
        for index, week in enumerate(period.weeks)
    ]
    return header, rows
