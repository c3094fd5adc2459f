"""The info API: reads for everyone, writes for the allowed roles, one error shape, isolation."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.info.models import Event, Link, Menu, News, Recurrence
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.info import EventFactory, LinkFactory, MenuFactory, NewsFactory

BERLIN = ZoneInfo("Europe/Berlin")


def test_lists_are_readable_by_anyone(in_town_a, client_a):
    LinkFactory(title="Notruf")
    NewsFactory(title="Aktuell")
    NewsFactory(
        title="Alt",
        publish_at=timezone.now() - timedelta(days=5),
        expire_at=timezone.now() - timedelta(days=1),
    )
    MenuFactory(restaurant="Krone")
    assert [r["title"] for r in client_a.get("/api/v1/info/links/").json()["results"]] == ["Notruf"]
    assert [r["title"] for r in client_a.get("/api/v1/info/news/").json()["results"]] == ["Aktuell"]
    menus = client_a.get("/api/v1/info/menus/").json()["results"]
    assert menus[0]["restaurant"] == "Krone" and menus[0]["dishes"][0] == "Linsen mit Spätzle"


def test_occurrences_in_a_date_range(in_town_a, client_a):
    start = datetime(2026, 6, 1, 19, tzinfo=BERLIN)
    EventFactory(
        title="Chor", start=start, end=start + timedelta(hours=2), recurrence=Recurrence.WEEKLY
    )
    response = client_a.get("/api/v1/info/occurrences/?from=2026-06-01&to=2026-06-21")
    assert response.status_code == 200
    starts = [r["start"] for r in response.json()["results"]]
    assert starts == [
        "2026-06-01T19:00:00+02:00",
        "2026-06-08T19:00:00+02:00",
        "2026-06-15T19:00:00+02:00",
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-13-01", "from"),
        ("from=2026-06-10&to=2026-06-01", "to"),
        ("from=2026-01-01&to=2026-12-31", "to"),
    ],
)
def test_bad_occurrence_ranges_get_the_error_shape(in_town_a, client_a, query, field):
    response = client_a.get(f"/api/v1/info/occurrences/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]


def test_moderator_creates_news_and_residents_may_not(in_town_a, client_a, moderator, resident):
    data = {
        "title": "Straßensperrung",
        "body": "Ab Montag.",
        "publish_at": timezone.now().isoformat(),
    }
    client_a.force_login(resident)
    assert (
        client_a.post("/api/v1/info/news/", data, content_type="application/json").status_code
        == 403
    )
    assert News.objects.count() == 0
    client_a.force_login(moderator)
    response = client_a.post("/api/v1/info/news/", data, content_type="application/json")
    assert response.status_code == 201
    assert News.objects.get().public_id.hex == response.json()["id"].replace("-", "")


def test_anonymous_writes_are_refused(in_town_a, client_a):
    response = client_a.post("/api/v1/info/links/", {"title": "x"}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert Link.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "body": "x"}, "title"),
        ({"title": "x" * 151, "body": "x"}, "title"),
        ({"title": "x", "body": "x", "publish_at": "gestern"}, "publish_at"),
        ({"title": 5, "body": ["a"]}, "body"),
    ],
)
def test_bad_news_over_the_api_changes_nothing(in_town_a, client_a, moderator, data, field):
    client_a.force_login(moderator)
    payload = {"publish_at": timezone.now().isoformat(), **data}
    response = client_a.post("/api/v1/info/news/", payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert News.objects.count() == 0


def test_news_expire_before_publish_is_refused(in_town_a, client_a, moderator):
    client_a.force_login(moderator)
    now = timezone.now()
    response = client_a.post(
        "/api/v1/info/news/",
        {
            "title": "x",
            "body": "y",
            "publish_at": now.isoformat(),
            "expire_at": (now - timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "after its start" in response.json()["error"]["fields"]["expire_at"][0]


def test_representative_creates_and_cancels_own_event_not_others(
    in_town_a, client_a, representative, other_representative
):
    start = timezone.now() + timedelta(days=2)
    RepresentativeFactory(organisation=OrganisationFactory(slug="ogv"), user=representative)
    client_a.force_login(representative)
    response = client_a.post(
        "/api/v1/info/events/",
        {
            "title": "Hock",
            "organiser_name": "Obst- und Gartenbauverein",
            "organiser_slug": "ogv",
            "place": "Vereinsheim",
            "start": start.isoformat(),
            "end": (start + timedelta(hours=3)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    event_id = response.json()["id"]
    client_a.force_login(other_representative)
    cancel = client_a.post(
        f"/api/v1/info/events/{event_id}/cancel/", {"reason": "x"}, content_type="application/json"
    )
    assert cancel.status_code == 403
    client_a.force_login(representative)
    cancel = client_a.post(
        f"/api/v1/info/events/{event_id}/cancel/",
        {"reason": "Regen"},
        content_type="application/json",
    )
    assert cancel.status_code == 200 and cancel.json()["is_cancelled"] is True
    assert client_a.delete(f"/api/v1/info/events/{event_id}/").status_code == 403
    assert Event.objects.filter(public_id=event_id).exists()


def test_event_with_end_before_start_over_api(in_town_a, client_a, moderator):
    client_a.force_login(moderator)
    start = timezone.now() + timedelta(days=2)
    response = client_a.post(
        "/api/v1/info/events/",
        {
            "title": "x",
            "organiser_name": "Stadt",
            "place": "Rathaus",
            "start": start.isoformat(),
            "end": (start - timedelta(hours=1)).isoformat(),
            "recurrence": "weekly",
            "recurrence_count": "viele",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "recurrence_count" in response.json()["error"]["fields"]
    assert Event.objects.count() == 0


def test_provider_publishes_menu_and_other_provider_cannot_change_it(
    in_town_a, client_a, provider, other_provider
):
    client_a.force_login(provider)
    today = timezone.localdate()
    response = client_a.post(
        "/api/v1/info/menus/",
        {
            "restaurant": "Krone",
            "dishes": "Suppe\nBraten",
            "valid_from": today.isoformat(),
            "valid_until": today.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    menu_id = response.json()["id"]
    client_a.force_login(other_provider)
    change = {
        "restaurant": "Fremd",
        "dishes": "x",
        "valid_from": today.isoformat(),
        "valid_until": today.isoformat(),
    }
    assert (
        client_a.put(
            f"/api/v1/info/menus/{menu_id}/", change, content_type="application/json"
        ).status_code
        == 403
    )
    assert client_a.delete(f"/api/v1/info/menus/{menu_id}/").status_code == 403
    assert Menu.objects.get(public_id=menu_id).restaurant == "Krone"


def test_expired_menu_is_gone_for_guests_but_not_its_provider(in_town_a, client_a, provider):
    with time_machine.travel(datetime(2026, 5, 4, 9, tzinfo=BERLIN), tick=False):
        menu = MenuFactory(
            provider=provider, valid_from=date(2026, 5, 4), valid_until=date(2026, 5, 8)
        )
    with time_machine.travel(datetime(2026, 5, 9, 9, tzinfo=BERLIN), tick=False):
        assert client_a.get("/api/v1/info/menus/").json()["results"] == []
        assert client_a.get(f"/api/v1/info/menus/{menu.public_id}/").status_code == 404
        client_a.force_login(provider)
        assert client_a.get(f"/api/v1/info/menus/{menu.public_id}/").status_code == 200


def test_town_b_api_cannot_reach_town_a_objects(db, town_a, town_b, client_b):
    from portal.accounts.models import Role
    from tests.factories import UserFactory

    with tenant_context(town_a):
        link = LinkFactory()
        news = NewsFactory(title="Alpha")
        event = EventFactory(title="Alpha", start=timezone.now() + timedelta(days=1))
        menu = MenuFactory(restaurant="Alpha")
    with tenant_context(town_b):
        admin_b = UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN, Role.PROVIDER])
        client_b.force_login(admin_b)
    for path, obj in (("links", link), ("news", news), ("events", event), ("menus", menu)):
        url = f"/api/v1/info/{path}/{obj.public_id}/"
        response = client_b.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        assert client_b.put(url, {}, content_type="application/json").status_code == 404
        assert client_b.delete(url).status_code == 404
    assert (
        client_b.post(
            f"/api/v1/info/events/{event.public_id}/cancel/",
            {"reason": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    for path in ("links", "news", "events", "menus", "occurrences"):
        assert "Alpha" not in client_b.get(f"/api/v1/info/{path}/").content.decode()
    with tenant_context(town_a):
        assert (
            Link.objects.filter(pk=link.pk).exists()
            and not Event.objects.get(pk=event.pk).is_cancelled
        )


def test_representative_cannot_announce_for_an_organisation_they_do_not_represent(
    in_town_a, client_a, representative
):
    # given a representative of the Musikverein and another club's slug
    RepresentativeFactory(organisation=OrganisationFactory(slug="musikverein"), user=representative)
    OrganisationFactory(slug="tsv")
    start = timezone.now() + timedelta(days=2)
    client_a.force_login(representative)
    # when they announce an event in the TSV's name (it would appear in the TSV's feed)
    response = client_a.post(
        "/api/v1/info/events/",
        {
            "title": "Falsches Training",
            "organiser_name": "TSV",
            "organiser_slug": "tsv",
            "place": "Sportplatz",
            "start": start.isoformat(),
            "end": (start + timedelta(hours=2)).isoformat(),
        },
        content_type="application/json",
    )
    # then it is refused and nothing is stored
    assert response.status_code == 400
    assert "organiser_slug" in response.json()["error"]["fields"]
    from modules.info.models import Event

    assert not Event.objects.filter(title="Falsches Training").exists()


def test_far_off_dates_are_a_clear_400(in_town_a, client_a) -> None:
    for query in ("from=9999-12-31", "from=0001-01-01&to=0001-01-02"):
        response = client_a.get(f"/api/v1/info/occurrences/?{query}")
        assert response.status_code == 400, query
        assert "from" in response.json()["error"]["fields"]
