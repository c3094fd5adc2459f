"""iCal and RSS feeds: valid, escaped, per town and per organiser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.info.models import Recurrence
from tests.factories.info import EventFactory, NewsFactory

BERLIN = ZoneInfo("Europe/Berlin")


def _events(body: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return list(calendar.walk("VEVENT"))


def test_town_calendar_parses_and_carries_series_and_cancellations(in_town_a, client_a):
    start = timezone.now().astimezone(BERLIN).replace(microsecond=0, second=0) + timedelta(days=3)
    series = EventFactory(
        title="Lauftreff, montags; mit \\ Rückenwind",
        description="Zeile eins\nZeile zwei " + "lang " * 40,
        start=start,
        end=start + timedelta(hours=1),
        recurrence=Recurrence.WEEKLY,
        recurrence_count=8,
    )
    cancelled = EventFactory(
        title="Konzert", cancelled_at=timezone.now(), cancellation_reason="Krankheit"
    )
    response = client_a.get("/info/events.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded lines
    entries = {str(e["SUMMARY"]): e for e in _events(body)}
    weekly = entries["Lauftreff, montags; mit \\ Rückenwind"]
    assert weekly["UID"] == f"{series.public_id}@alpha.lq.test"
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["COUNT"] == [8]
    assert weekly.decoded("DTSTART") == start
    assert "Zeile eins\nZeile zwei" in str(weekly["DESCRIPTION"])
    assert entries["Konzert"]["STATUS"] == "CANCELLED"
    assert "Krankheit" in str(entries["Konzert"]["DESCRIPTION"])
    assert cancelled.public_id
    assert b"BEGIN:VTIMEZONE" in body


def test_until_is_sent_in_utc(in_town_a, client_a):
    start = datetime(2026, 6, 1, 19, tzinfo=BERLIN)
    EventFactory(
        title="Chor",
        start=start,
        end=start + timedelta(hours=2),
        recurrence=Recurrence.MONTHLY,
        recurrence_until=date(2026, 12, 31),
    )
    import time_machine

    with time_machine.travel(datetime(2026, 5, 1, tzinfo=BERLIN)):
        body = client_a.get("/info/events.ics").content
    (entry,) = _events(body)
    until = entry["RRULE"]["UNTIL"][0]
    assert until.utcoffset() == timedelta(0)
    assert until.astimezone(BERLIN).date() == date(2026, 12, 31)


def test_markup_in_events_stays_text_in_the_feed(in_town_a, client_a):
    EventFactory(title="<script>alert(1)</script>\r\nBEGIN:VEVENT", place="Halle")
    body = client_a.get("/info/events.ics").content
    entries = _events(body)
    assert len(entries) == 1  # the line break could not start a second event
    summary = str(entries[0]["SUMMARY"])
    assert summary.startswith("<script>alert(1)</script>") and summary.endswith("\nBEGIN:VEVENT")


def test_organiser_feed_holds_only_that_organiser(in_town_a, client_a):
    EventFactory(title="Probe", organiser_slug="musikverein")
    EventFactory(title="Training", organiser_slug="tsv")
    body = client_a.get("/info/events/musikverein.ics").content
    assert [str(e["SUMMARY"]) for e in _events(body)] == ["Probe"]
    assert client_a.get("/info/events/unbekannt.ics").status_code == 404


def test_town_b_feeds_never_contain_town_a_events_or_news(db, town_a, town_b, client_b):
    with tenant_context(town_a):
        EventFactory(title="Alpha-Fest", organiser_slug="alpha-verein")
        NewsFactory(title="Alpha-Nachricht")
    with tenant_context(town_b):
        EventFactory(title="Beta-Markt", organiser_slug="beta-verein")
    body = client_b.get("/info/events.ics").content
    assert [str(e["SUMMARY"]) for e in _events(body)] == ["Beta-Markt"]
    assert client_b.get("/info/events/alpha-verein.ics").status_code == 404
    rss = client_b.get("/info/news.rss").content.decode()
    assert "Alpha-Nachricht" not in rss


def test_rss_lists_current_news_with_markup_inert(in_town_a, client_a):
    NewsFactory(title="Stadtfest <b>2026</b>", body="<script>alert(1)</script>\nZweite Zeile")
    NewsFactory(
        title="Abgelaufen",
        publish_at=timezone.now() - timedelta(days=9),
        expire_at=timezone.now() - timedelta(days=1),
    )
    NewsFactory(title="Geplant", publish_at=timezone.now() + timedelta(days=1))
    response = client_a.get("/info/news.rss")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    items = root.findall("./channel/item")
    assert len(items) == 1
    title = items[0].findtext("title")
    description = items[0].findtext("description")
    # After XML decoding a reader still sees escaped HTML, i.e. text, never an element.
    assert title == "Stadtfest &lt;b&gt;2026&lt;/b&gt;"
    assert "&lt;script&gt;" in description and "<script" not in description
    assert items[0].findtext("link").startswith("http://alpha.lq.test/info/news/")
