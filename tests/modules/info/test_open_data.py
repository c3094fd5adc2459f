"""The info module's open-format downloads: every event as CSV and as an iCal calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from modules.info.models import Recurrence
from tests.downloads import as_german_administrator, fetch, same_queries_for_more_rows
from tests.factories import UserFactory
from tests.factories.info import EventFactory

pytestmark = pytest.mark.django_db

CSV_URL = "/manage/downloads/info/events.csv"
ICS_URL = "/manage/downloads/info/events.ics"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def console(in_town_a, client_a):  # type: ignore[no-untyped-def]
    return as_german_administrator(client_a, UserFactory(town_admin=True))


def test_the_csv_holds_every_event_in_town_time(console) -> None:
    # given a weekly event at 19:30 town time, long past
    start = datetime(2024, 3, 5, 19, 30, tzinfo=BERLIN)
    event = EventFactory(
        title="Chorprobe",
        start=start,
        end=start + timedelta(hours=2),
        recurrence=Recurrence.WEEKLY,
        recurrence_count=10,
        place="Gemeindehaus",
    )
    # when the administrator downloads the CSV
    header, *rows = fetch(console, CSV_URL).rows
    # then its German header and its row show it, times in the town's time zone
    assert header[:4] == ["Titel", "Beginn", "Ende", "Wiederholung"]
    row = dict(zip(header, rows[0], strict=True))
    assert row["Titel"] == "Chorprobe"
    assert row["Beginn"] == "2024-03-05 19:30"
    assert row["Ende"] == "2024-03-05 21:30"
    assert row["Anzahl der Termine"] == "10"
    assert row["Ort"] == "Gemeindehaus"
    assert row["Seite im Portal"].endswith(f"/info/events/{event.public_id}/")
    assert "Veranstaltung der Gemeinde" in header


def test_a_formula_in_an_event_title_is_defused(console) -> None:
    EventFactory(title="=1+2", place="@Rathaus")
    header, row = fetch(console, CSV_URL).rows
    assert row[0] == "'=1+2"
    assert row[header.index("Ort")] == "'@Rathaus"


def test_the_calendar_parses_back_with_each_event_its_time_and_uid(console) -> None:
    # given a one-off event and a weekly series across the change to summer time
    once = EventFactory(title="Sommerfest", start=datetime(2026, 7, 4, 15, 0, tzinfo=BERLIN))
    start = datetime(2026, 3, 17, 19, 0, tzinfo=BERLIN)
    weekly = EventFactory(
        title="Probe",
        start=start,
        end=start + timedelta(hours=1),
        recurrence=Recurrence.WEEKLY,
        recurrence_count=4,
    )
    # when the administrator downloads the calendar
    got = fetch(console, ICS_URL)
    calendar = icalendar.Calendar.from_ical(got.text)
    # then it is one calendar with the town's time zone and both events, by their UIDs
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    events = {str(entry["UID"]): entry for entry in calendar.walk("VEVENT")}
    assert set(events) == {f"{once.public_id}@alpha.lq.test", f"{weekly.public_id}@alpha.lq.test"}
    summer = events[f"{once.public_id}@alpha.lq.test"]
    assert str(summer["SUMMARY"]) == "Sommerfest"
    assert summer.decoded("DTSTART") == once.start
    assert summer.decoded("DTSTART").tzinfo.key == "Europe/Berlin"  # type: ignore[union-attr]
    assert "DTSTAMP" in summer
    series = events[f"{weekly.public_id}@alpha.lq.test"]
    assert series["RRULE"]["FREQ"] == ["WEEKLY"] and series["RRULE"]["COUNT"] == [4]
    # the series starts at 19:00 town time (TZID, not UTC): its RRULE dates after the change
    # to summer time stay at 19:00
    dates = [day for day in series.to_ical().decode().split() if day.startswith("DTSTART")]
    assert dates == ["DTSTART;TZID=Europe/Berlin:20260317T190000"]
    assert got.text.startswith("BEGIN:VCALENDAR") and got.text.endswith("END:VCALENDAR\r\n")


@pytest.mark.parametrize("url", [CSV_URL, ICS_URL])
def test_the_files_cost_the_same_queries_for_three_times_the_events(console, url: str) -> None:
    def add(count: int) -> None:
        EventFactory.create_batch(count)

    few, many = same_queries_for_more_rows(console, url, add)
    assert many.text.count("Veranstaltung ") > few.text.count("Veranstaltung ") > 0
    assert many.queries == few.queries
