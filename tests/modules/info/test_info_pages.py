"""HTML pages: who sees and changes what, bad input, markup, and isolation between towns."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.info.models import Event, Link, Menu, News
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.info import EventFactory, LinkFactory, MenuFactory, NewsFactory

SCRIPT = "<script>alert('x')</script>"


def _local(moment):  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_overview_shows_links_news_events_and_menus_to_anyone(in_town_a, client_a):
    LinkFactory(title="Abfuhrkalender Nord")
    NewsFactory(title="Neue Öffnungszeiten")
    EventFactory(title="Maibaumfest")
    MenuFactory(restaurant="Gasthaus Krone")
    response = client_a.get("/info/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Abfuhrkalender Nord", "Neue Öffnungszeiten", "Maibaumfest", "Gasthaus Krone"):
        assert text in page


def test_user_text_is_escaped_on_every_page(in_town_a, client_a, moderator):
    link = LinkFactory(title=SCRIPT, description=SCRIPT)
    news = NewsFactory(title=SCRIPT, summary=SCRIPT, body=SCRIPT)
    event = EventFactory(title=SCRIPT, place=SCRIPT, description=SCRIPT, organiser_name=SCRIPT)
    menu = MenuFactory(restaurant=SCRIPT, dishes=SCRIPT, note=SCRIPT)
    client_a.force_login(moderator)
    for url in (
        "/info/",
        "/info/news/",
        f"/info/news/{news.public_id}/",
        "/info/events/",
        f"/info/events/{event.public_id}/",
        "/info/menus/",
        f"/info/menus/{menu.public_id}/",
        "/info/moderation/",
        f"/info/links/{link.public_id}/edit/",
        "/town/",
    ):
        page = client_a.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "&lt;script&gt;" in page, url


def test_module_switched_off_leaves_the_home_page(in_town_a, client_a):
    in_town_a.enabled_modules = [m for m in in_town_a.enabled_modules if m != "info"]
    in_town_a.save(update_fields=["enabled_modules"])
    # Every info route is a 404 for every method then (tests/harness); the home page too
    # leaves the module out.
    assert "Today in town" not in client_a.get("/").content.decode()


# --- creating, with roles ---


def test_moderator_writes_news(in_town_a, client_a, moderator):
    client_a.force_login(moderator)
    start = timezone.now()
    response = client_a.post(
        "/info/news/new/",
        {"title": "Sperrung Marktplatz", "body": "Wegen des Marktes.", "publish_at": _local(start)},
    )
    assert response.status_code == 302
    assert News.objects.get().title == "Sperrung Marktplatz"


def test_news_with_end_before_start_is_refused(in_town_a, client_a, moderator):
    client_a.force_login(moderator)
    start = timezone.now()
    response = client_a.post(
        "/info/news/new/",
        {
            "title": "Sperrung",
            "body": "Text",
            "publish_at": _local(start),
            "expire_at": _local(start - timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    assert "must be after its start" in response.content.decode()
    assert News.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "body": "x", "publish_at": "2026-05-01T10:00"}, "This field is required"),
        ({"title": "x" * 151, "body": "x", "publish_at": "2026-05-01T10:00"}, "at most 150"),
        ({"title": "x", "body": "x", "publish_at": "morgen"}, "valid date"),
    ],
)
def test_bad_news_input_changes_nothing(in_town_a, client_a, moderator, data, message):
    client_a.force_login(moderator)
    response = client_a.post("/info/news/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert News.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "post_status"),
    [
        ("/info/news/new/", 403),
        ("/info/links/new/", 403),
        # The moderation overview is only read: a POST is refused for everyone alike, before
        # anyone's role is looked at (as the route harness checks for anonymous visitors).
        ("/info/moderation/", 405),
        ("/info/moderation/settings/", 403),
    ],
)
def test_residents_providers_and_representatives_may_not_use_staff_pages(
    in_town_a, client_a, resident, provider, representative, url, post_status
):
    for person in (resident, provider, representative):
        client_a.force_login(person)
        assert client_a.get(url).status_code == 403
        assert client_a.post(url, {"title": "x"}).status_code == post_status
    assert News.objects.count() == 0 and Link.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(in_town_a, client_a):
    for url in ("/info/news/new/", "/info/events/new/", "/info/menus/new/", "/info/moderation/"):
        response = client_a.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_moderator_but_not_town_admin_may_not_change_settings(
    in_town_a, client_a, moderator, town_admin
):
    client_a.force_login(moderator)
    assert client_a.get("/info/moderation/settings/").status_code == 403
    client_a.force_login(town_admin)
    response = client_a.post(
        "/info/moderation/settings/",
        {
            "link_failures_before_flag": "2",
            "menu_max_days": "7",
            "event_weeks_ahead": "4",
            "nudge_providers": "on",
        },
    )
    assert response.status_code == 302
    from modules.info.selectors import info_settings

    assert info_settings().menu_max_days == 7


def test_settings_out_of_range_are_refused(in_town_a, client_a, town_admin):
    client_a.force_login(town_admin)
    response = client_a.post(
        "/info/moderation/settings/",
        {"link_failures_before_flag": "0", "menu_max_days": "99", "event_weeks_ahead": "x"},
    )
    assert response.status_code == 400
    from modules.info.selectors import info_settings

    assert info_settings().menu_max_days == 14


def test_representative_adds_and_edits_own_event_but_not_others(
    in_town_a, client_a, representative, other_representative
):
    RepresentativeFactory(organisation=OrganisationFactory(slug="musikverein"), user=representative)
    client_a.force_login(representative)
    start = timezone.now() + timedelta(days=3)
    response = client_a.post(
        "/info/events/new/",
        {
            "title": "Probe",
            "organiser_name": "Musikverein",
            "organiser_slug": "musikverein",
            "place": "Probelokal",
            "start": _local(start),
            "end": _local(start + timedelta(hours=2)),
            "recurrence": "weekly",
            "recurrence_count": "10",
            "is_town_event": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    event = Event.objects.get()
    assert event.created_by == representative
    assert event.is_town_event is False  # only staff mark the town's own events
    assert client_a.get(f"/info/events/{event.public_id}/edit/").status_code == 200
    client_a.force_login(other_representative)
    assert client_a.get(f"/info/events/{event.public_id}/edit/").status_code == 403
    assert (
        client_a.post(f"/info/events/{event.public_id}/cancel/", {"reason": "x"}).status_code == 403
    )
    event.refresh_from_db()
    assert not event.is_cancelled


def test_resident_may_not_add_events_or_menus(in_town_a, client_a, resident):
    client_a.force_login(resident)
    assert client_a.get("/info/events/new/").status_code == 403
    assert client_a.get("/info/menus/new/").status_code == 403


def test_event_ending_before_it_starts_is_refused(in_town_a, client_a, representative):
    client_a.force_login(representative)
    start = timezone.now() + timedelta(days=3)
    response = client_a.post(
        "/info/events/new/",
        {
            "title": "Probe",
            "organiser_name": "Musikverein",
            "place": "Probelokal",
            "start": _local(start),
            "end": _local(start - timedelta(hours=2)),
            "recurrence": "none",
        },
    )
    assert response.status_code == 400
    assert "The end must be after the start." in response.content.decode()
    assert Event.objects.count() == 0


def test_malformed_recurrence_is_refused(in_town_a, client_a, representative):
    client_a.force_login(representative)
    start = timezone.now() + timedelta(days=3)
    base = {
        "title": "Probe",
        "organiser_name": "Musikverein",
        "place": "Probelokal",
        "start": _local(start),
        "end": _local(start + timedelta(hours=1)),
    }
    for extra, message in (
        ({"recurrence": "daily"}, "Select a valid choice"),
        ({"recurrence": "weekly", "recurrence_count": "500"}, "less than or equal to 104"),
        ({"recurrence": "none", "recurrence_count": "3"}, "Only a repeating event"),
        (
            {
                "recurrence": "weekly",
                "recurrence_until": (start - timedelta(days=7)).date().isoformat(),
            },
            "must not be before the start",
        ),
    ):
        response = client_a.post("/info/events/new/", {**base, **extra})
        assert response.status_code == 400
        assert message in response.content.decode(), extra
    assert Event.objects.count() == 0


def test_cancelled_event_stays_visible_with_its_reason(in_town_a, client_a, representative):
    event = EventFactory(created_by=representative, title="Sommerfest")
    client_a.force_login(representative)
    response = client_a.post(
        f"/info/events/{event.public_id}/cancel/", {"reason": "Unwetterwarnung"}
    )
    assert response.status_code == 302
    page = client_a.get("/info/events/").content.decode()
    assert "Sommerfest" in page and "Unwetterwarnung" in page
    empty = client_a.post(f"/info/events/{event.public_id}/cancel/", {"reason": ""})
    assert empty.status_code == 400


def test_town_event_by_staff_is_not_editable_by_representatives(
    in_town_a, client_a, moderator, representative
):
    event = EventFactory(created_by=moderator, is_town_event=True)
    client_a.force_login(representative)
    assert client_a.get(f"/info/events/{event.public_id}/edit/").status_code == 403
    client_a.force_login(moderator)
    assert client_a.get(f"/info/events/{event.public_id}/edit/").status_code == 200


def test_only_staff_delete_events(in_town_a, client_a, representative, moderator):
    event = EventFactory(created_by=representative)
    client_a.force_login(representative)
    assert client_a.post(f"/info/events/{event.public_id}/delete/").status_code == 403
    client_a.force_login(moderator)
    assert client_a.post(f"/info/events/{event.public_id}/delete/").status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()


def test_provider_publishes_a_menu_and_others_cannot_change_it(
    in_town_a, client_a, provider, other_provider
):
    client_a.force_login(provider)
    today = timezone.localdate()
    response = client_a.post(
        "/info/menus/new/",
        {
            "restaurant": "Gasthaus Krone",
            "dishes": "Linsen mit Spätzle\nMaultaschen",
            "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(days=4)).isoformat(),
        },
    )
    assert response.status_code == 302
    menu = Menu.objects.get()
    assert menu.provider == provider
    assert "Gasthaus Krone" in client_a.get("/info/menus/").content.decode()
    client_a.force_login(other_provider)
    assert client_a.get(f"/info/menus/{menu.public_id}/edit/").status_code == 403
    assert client_a.post(f"/info/menus/{menu.public_id}/delete/").status_code == 403
    assert Menu.objects.filter(pk=menu.pk).exists()


def test_menu_valid_too_long_or_backwards_is_refused(in_town_a, client_a, provider):
    client_a.force_login(provider)
    today = timezone.localdate()
    for first, last, message in (
        (today, today + timedelta(days=20), "at most 14 days"),
        (today + timedelta(days=3), today, "must not be before the first day"),
        (today - timedelta(days=5), today - timedelta(days=1), "already have expired"),
    ):
        response = client_a.post(
            "/info/menus/new/",
            {
                "restaurant": "Krone",
                "dishes": "Suppe",
                "valid_from": first.isoformat(),
                "valid_until": last.isoformat(),
            },
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Menu.objects.count() == 0


def test_moderation_lists_dead_links(in_town_a, client_a, moderator):
    dead = LinkFactory(
        title="Altes Kinoprogramm", flagged_dead_at=timezone.now(), consecutive_failures=3
    )
    client_a.force_login(moderator)
    page = client_a.get("/info/moderation/").content.decode()
    assert "Altes Kinoprogramm" in page
    response = client_a.post(f"/info/moderation/links/{dead.public_id}/clear/")
    assert response.status_code == 302
    dead.refresh_from_db()
    assert dead.flagged_dead_at is None


def test_expired_news_and_menus_are_hidden_from_guests(in_town_a, client_a, moderator):
    old = NewsFactory(
        title="Alte Nachricht",
        publish_at=timezone.now() - timedelta(days=10),
        expire_at=timezone.now() - timedelta(days=1),
    )
    menu = MenuFactory(
        valid_from=timezone.localdate() - timedelta(days=6),
        valid_until=timezone.localdate() - timedelta(days=2),
    )
    assert client_a.get(f"/info/news/{old.public_id}/").status_code == 404
    assert client_a.get(f"/info/menus/{menu.public_id}/").status_code == 404
    assert "Alte Nachricht" not in client_a.get("/info/").content.decode()
    client_a.force_login(moderator)
    assert client_a.get(f"/info/news/{old.public_id}/").status_code == 200


# --- isolation between towns ---


def test_town_b_lists_show_nothing_of_town_a(db, town_a, town_b, client_b):
    from portal.accounts.models import Role
    from tests.factories import UserFactory

    with tenant_context(town_a):
        LinkFactory(title="Nur in Alpha")
        NewsFactory(title="Nur in Alpha")
        EventFactory(title="Nur in Alpha", organiser_slug="alpha-verein")
        MenuFactory(restaurant="Nur in Alpha")
    with tenant_context(town_b):
        staff_b = UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN])
        client_b.force_login(staff_b)
    # Every route with town A's ids is walked by tests/harness; here: the lists.
    for url in ("/info/", "/info/news/", "/info/events/", "/info/menus/", "/info/moderation/", "/"):
        assert "Nur in Alpha" not in client_b.get(url).content.decode(), url


def test_pending_or_unverified_people_may_look_but_not_post(in_town_a, client_a):
    from portal.accounts.models import Role, User
    from tests.factories import UserFactory

    pending = UserFactory(
        roles=[Role.RESIDENT, Role.PROVIDER, Role.ORGANISATION], status=User.Status.PENDING
    )
    unverified = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email_verified_at=None)
    today = timezone.localdate().isoformat()
    for person in (pending, unverified):
        client_a.force_login(person)
        assert client_a.get("/info/").status_code == 200
        assert (
            client_a.post(
                "/info/menus/new/",
                {"restaurant": "x", "dishes": "y", "valid_from": today, "valid_until": today},
            ).status_code
            == 403
        )
        assert client_a.get("/info/events/new/").status_code == 403
        assert client_a.get("/info/news/new/").status_code == 403
    assert Menu.objects.count() == 0


def test_feeds_answer_head_requests(in_town_a, client_a):
    assert client_a.head("/info/events.ics").status_code == 200
    assert client_a.head("/info/news.rss").status_code == 200
