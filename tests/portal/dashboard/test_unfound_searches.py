"""The section "searches that found nothing" comes from the search part when it is there,
and the page works without it."""

from __future__ import annotations

import sys
import types
from datetime import date, timedelta

import pytest

from portal.dashboard.figures import last_year_weeks
from portal.dashboard.sections import dashboard_sections

pytestmark = pytest.mark.django_db


def test_without_the_search_part_there_is_no_such_section(in_town_a, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "portal.search.selectors", None)  # import fails
    keys = [section.key for section in dashboard_sections(since=last_year_weeks().since)]
    assert "search" not in keys and "residents" in keys and "email" in keys


def test_unfound_searches_are_counted_per_week_with_the_top_terms(in_town_a, monkeypatch) -> None:
    # given a search part that counted searches without a hit per term and week
    period = last_year_weeks()
    this_week, last_week = period.weeks[-1], period.weeks[-2]
    asked: list[date] = []

    def unfound_searches(*, since: date) -> list[dict[str, object]]:
        asked.append(since)
        return [
            {"term": "fahrad", "week": this_week, "count": 5},
            {"term": "fahrad", "week": last_week, "count": 2},
            {"term": "schwimmbad", "week": this_week, "count": 3},
        ]

    fake = types.ModuleType("portal.search.selectors")
    fake.unfound_searches = unfound_searches  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "portal.search.selectors", fake)
    # when the dashboard is put together
    section = next(s for s in dashboard_sections(since=period.since) if s.key == "search")
    # then the weeks are summed over terms, and the terms over weeks, most asked first
    assert asked == [period.since]
    assert section.series[0].weeks == {this_week: 8, last_week: 2}
    assert [(item.label, item.value) for item in section.top] == [("fahrad", 7), ("schwimmbad", 3)]
    assert this_week - last_week == timedelta(weeks=1)
