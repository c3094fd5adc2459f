"""The town's home page shows what is current, with a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modules.info.models import Recurrence
from tests.factories.info import EventFactory, MenuFactory, NewsFactory
from tests.queries import assert_constant_queries


def test_home_shows_next_events_latest_news_and_todays_menus(in_town_a, client_a):
    for day in range(1, 8):
        EventFactory(title=f"Termin {day}", start=timezone.now() + timedelta(days=day))
    for hour in range(1, 5):
        NewsFactory(title=f"Meldung {hour}", publish_at=timezone.now() - timedelta(hours=hour))
    MenuFactory(restaurant="Gasthaus Sonne")
    MenuFactory(restaurant="Nächste Woche", valid_from=timezone.localdate() + timedelta(days=7))
    page = client_a.get("/").content.decode()
    assert "Today in town" in page
    assert all(f"Termin {d}" in page for d in range(1, 6))
    assert "Termin 6" not in page  # next five dates only
    assert all(f"Meldung {h}" in page for h in range(1, 4)) and "Meldung 4" not in page
    assert "Gasthaus Sonne" in page and "Nächste Woche" not in page
    assert "Coming soon" in page or "/info/" in page  # the module tiles are still there


def _count_home_queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_query_count_does_not_grow_with_content(
    in_town_a, client_a, django_assert_num_queries, settings
):
    settings.LQ_HOME_PANEL_SECONDS = 0  # count the panel's own queries, not the cache
    EventFactory()
    NewsFactory()
    MenuFactory()
    _count_home_queries(client_a)  # warm caches (town routing, branding)
    few = _count_home_queries(client_a)
    for day in range(1, 15):
        EventFactory(start=timezone.now() + timedelta(days=day), recurrence=Recurrence.WEEKLY)
        NewsFactory()
        MenuFactory()
    with django_assert_num_queries(few):
        assert client_a.get("/").status_code == 200


def _fill(n: int) -> None:
    from tests.factories.info import LinkFactory

    for day in range(1, n + 1):
        EventFactory(start=timezone.now() + timedelta(days=day), recurrence=Recurrence.WEEKLY)
        NewsFactory()
        MenuFactory()
        LinkFactory(flagged_dead_at=timezone.now())


@pytest.mark.parametrize(
    "url",
    [
        "/info/",
        "/info/news/",
        "/info/events/",
        "/info/menus/",
        "/info/moderation/",
        "/api/v1/info/links/",
        "/api/v1/info/news/",
        "/api/v1/info/events/",
        "/api/v1/info/menus/",
        "/api/v1/info/occurrences/",
    ],
)
def test_list_pages_keep_a_constant_number_of_queries(in_town_a, client_a, moderator, url):
    client_a.force_login(moderator)
    assert_constant_queries(lambda: client_a.get(url), grow=_fill)
