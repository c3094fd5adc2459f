"""The events list: grouped by day, filtered by a GET form, a constant number of queries."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.info.models import EventCategory
from tests.factories.info import EventFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
# A Wednesday: "this week" ends on Sunday the 7th, "this month" on Sunday the 31st.
WEDNESDAY = datetime(2026, 5, 6, 9, 0, tzinfo=BERLIN)


def _at(day: int, hour: int = 19) -> datetime:
    return datetime(2026, 5, day, hour, 0, tzinfo=BERLIN)


def _page(client_a, **params: str) -> str:
    response = client_a.get("/info/events/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_dates_are_grouped_under_their_day(in_town_a, client_a):
    # given two events on Thursday and one on Saturday
    with time_machine.travel(WEDNESDAY, tick=False):
        EventFactory(title="Chorprobe", start=_at(7, 18))
        EventFactory(title="Skatabend", start=_at(7, 20))
        EventFactory(title="Flohmarkt", start=_at(9, 10))
        # when a resident opens the events
        page = _page(client_a)
    # then each day is a heading, its events below it, days in order
    thursday = page.index('datetime="2026-05-07"')
    saturday = page.index('datetime="2026-05-09"')
    assert thursday < page.index("Chorprobe") < page.index("Skatabend") < saturday
    assert saturday < page.index("Flohmarkt")
    assert page.count('class="event-day"') == 2


def test_filters_narrow_the_list_and_stay_in_the_address(in_town_a, client_a):
    with time_machine.travel(WEDNESDAY, tick=False):
        EventFactory(title="Konzert", category=EventCategory.CULTURE, district="Nord", start=_at(8))
        EventFactory(title="Lauftreff", category=EventCategory.SPORT, district="Süd", start=_at(8))
        EventFactory(
            title="Sommerfest",
            category=EventCategory.CULTURE,
            organiser_name="Liederkranz",
            district="Nord",
            start=_at(20),
        )
        culture = _page(client_a, category="culture")
        north_this_week = _page(client_a, district="Nord", when="week")
        liederkranz = _page(client_a, organiser="Liederkranz")
        this_month = _page(client_a, when="month")
    assert "Konzert" in culture and "Sommerfest" in culture and "Lauftreff" not in culture
    # the chosen value is selected again, so the form shows what the list shows
    assert '<option value="culture" selected>' in culture
    assert "Konzert" in north_this_week and "Sommerfest" not in north_this_week
    assert "Lauftreff" not in north_this_week
    assert "Sommerfest" in liederkranz and "Konzert" not in liederkranz
    assert "Sommerfest" in this_month and "Konzert" in this_month


def test_a_month_filter_reaches_the_end_of_the_month(in_town_a, client_a):
    with time_machine.travel(WEDNESDAY, tick=False):
        EventFactory(title="Maiwanderung", start=_at(31, 10))
        EventFactory(title="Junifest", start=datetime(2026, 6, 1, 10, tzinfo=BERLIN))
        page = _page(client_a, when="month")
    assert "Maiwanderung" in page and "Junifest" not in page


def test_unknown_filter_values_are_ignored_with_a_word(in_town_a, client_a):
    with time_machine.travel(WEDNESDAY, tick=False):
        EventFactory(title="Konzert", start=_at(8))
        page = _page(client_a, category="casino", when="<script>")
    assert "Konzert" in page  # nothing is filtered by what does not exist
    assert "Select a valid choice" in page
    assert "<script>" not in page.split("<main")[1]


def test_nothing_found_says_so(in_town_a, client_a):
    with time_machine.travel(WEDNESDAY, tick=False):
        EventFactory(title="Konzert", category=EventCategory.CULTURE, start=_at(8))
        page = _page(client_a, category="sport")
    assert "No events match these filters" in page


def test_the_list_keeps_a_constant_number_of_queries(in_town_a, client_a):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            _page(client_a, category="culture", when="month")
        return len(queries)

    with time_machine.travel(WEDNESDAY, tick=False):
        EventFactory(category=EventCategory.CULTURE, start=_at(8))
        _page(client_a)  # the town's host is looked up once, then cached
        few = count_queries()
        for day in range(9, 30):
            EventFactory(
                category=EventCategory.CULTURE,
                organiser_name=f"Verein {day}",
                district="Nord",
                start=_at(day),
            )
        many = count_queries()
    assert many == few


def test_events_of_town_a_are_not_listed_in_town_b(in_town_a, client_a, client_b, town_b):
    with time_machine.travel(WEDNESDAY, tick=False):
        EventFactory(title="Nur in Alpha", start=_at(8))
        assert "Nur in Alpha" not in client_b.get("/info/events/").content.decode()
        assert "Nur in Alpha" in _page(client_a)


def test_a_filter_that_does_not_exist_is_named_in_the_error_summary(in_town_a, client_a):
    page = _page(client_a, when="someday")
    assert 'id="error-summary"' in page and 'href="#id_when"' in page
