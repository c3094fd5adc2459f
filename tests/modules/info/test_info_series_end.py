"""A series ends by a last date or by a number of dates, never both (RFC 5545 forbids
UNTIL with COUNT): refused by the service, the form and the API; never written to a feed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from modules.info import services
from modules.info.models import Event, Recurrence
from tests.factories.info import EventFactory

BERLIN = ZoneInfo("Europe/Berlin")
BOTH = "Give either the last date or the number of dates of the series, not both."


def _start() -> datetime:
    return (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)


def test_the_service_refuses_count_and_until_together(in_town_a, moderator):
    start = _start()
    with pytest.raises(ValidationError) as refused:
        services.create_event(
            actor=moderator,
            title="Lauftreff",
            organiser_name="Stadt",
            place="Park",
            start=start,
            end=start + timedelta(hours=1),
            recurrence=Recurrence.WEEKLY,
            recurrence_until=(start + timedelta(days=60)).date(),
            recurrence_count=5,
        )
    assert refused.value.message_dict == {"recurrence_count": [BOTH]}
    assert Event.objects.count() == 0


def test_the_form_refuses_count_and_until_together(in_town_a, client_a, moderator):
    client_a.force_login(moderator)
    start = timezone.localtime(_start())
    response = client_a.post(
        "/info/events/new/",
        {
            "title": "Lauftreff",
            "organiser_name": "Stadt",
            "place": "Park",
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "recurrence": "weekly",
            "recurrence_until": (start + timedelta(days=60)).date().isoformat(),
            "recurrence_count": "5",
        },
    )
    assert response.status_code == 400
    assert BOTH in response.content.decode()
    assert Event.objects.count() == 0


def test_the_api_refuses_count_and_until_together(in_town_a, client_a, moderator):
    client_a.force_login(moderator)
    start = _start()
    response = client_a.post(
        "/api/v1/info/events/",
        {
            "title": "Lauftreff",
            "organiser_name": "Stadt",
            "place": "Park",
            "start": start.isoformat(),
            "end": (start + timedelta(hours=1)).isoformat(),
            "recurrence": "weekly",
            "recurrence_until": (start + timedelta(days=60)).date().isoformat(),
            "recurrence_count": 5,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["recurrence_count"] == [BOTH]
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    ("until", "count", "last_day"),
    [
        (date(2026, 12, 31), 3, date(2026, 6, 15)),  # the count ends it first
        (date(2026, 6, 10), 5, date(2026, 6, 10)),  # the date ends it first
    ],
)
def test_a_series_saved_with_both_is_written_with_until_only(
    in_town_a, client_a, until, count, last_day
):
    # given a series stored with both (before the rule; the factory writes rows directly)
    start = datetime(2026, 6, 1, 19, tzinfo=BERLIN)
    EventFactory(
        start=start,
        end=start + timedelta(hours=1),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=until,
        recurrence_count=count,
    )
    import time_machine

    with time_machine.travel(datetime(2026, 5, 1, tzinfo=BERLIN)):
        body = client_a.get("/info/events.ics").content
    # then its rule has UNTIL alone, on the day its pages show as the last one
    (entry,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert b"COUNT=" not in body
    assert entry["RRULE"]["UNTIL"][0].astimezone(BERLIN).date() == last_day
