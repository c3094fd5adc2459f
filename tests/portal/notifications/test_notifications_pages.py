"""The inbox and the preferences page: read/unread, pages, bad input, town isolation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from portal.notifications.models import Notification, Preference
from portal.notifications.services import set_preferences
from portal.notify import notify
from tests.factories import UserFactory

from .conftest import CONTEXT, login

pytestmark = pytest.mark.django_db


def _notify(person, title="Fahrrad"):
    notify(person, "moderation/reported", context={**CONTEXT, "title": title})


def test_inbox_shows_unread_marks_one_and_all_read(client_a, town_a, people):
    tom = people["tom"]
    for n in range(3):
        _notify(tom, f"Sofa {n}")
    login(client_a, tom, town_a)
    page = client_a.get("/notifications/").content.decode()
    assert "Sofa 0" in page and "Sofa 2" in page and "3 unread" in page
    first = Notification.objects.filter(user=tom).order_by("pk").first()
    response = client_a.post(f"/notifications/{first.public_id}/read/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert "2 unread" in client_a.get("/notifications/").content.decode()
    assert client_a.post("/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(user=tom, read_at__isnull=True).exists()


def test_inbox_is_paginated(client_a, town_a, people):
    tom = people["tom"]
    for n in range(25):
        _notify(tom, f"Item {n:02d}")
    login(client_a, tom, town_a)
    first = client_a.get("/notifications/").content.decode()
    second = client_a.get("/notifications/?page=2").content.decode()
    assert "Item 24" in first and "Item 00" not in first
    assert "Item 00" in second and "Item 24" not in second


def test_nobody_reads_or_marks_another_persons_notification(client_a, town_a, people):
    _notify(people["erika"], "Geheim")
    item = Notification.objects.get(user=people["erika"])
    login(client_a, people["tom"], town_a)
    assert "Geheim" not in client_a.get("/notifications/").content.decode()
    client_a.post(f"/notifications/{item.public_id}/read/")
    item.refresh_from_db()
    assert item.read_at is None


def test_a_notification_of_town_a_is_unknown_in_town_b(client_b, town_a, town_b, people):
    _notify(people["tom"], "Nur in Alpha")
    item = Notification.objects.get(user=people["tom"])
    with tenant_context(town_b):
        stranger = UserFactory()
    login(client_b, stranger, town_b)
    assert "Nur in Alpha" not in client_b.get("/notifications/").content.decode()
    client_b.post(f"/notifications/{item.public_id}/read/")
    with tenant_context(town_a):
        item.refresh_from_db()
        assert item.read_at is None


def test_preferences_page_saves_one_choice_per_kind(client_a, town_a, people):
    tom = people["tom"]
    login(client_a, tom, town_a)
    page = client_a.get("/notifications/settings/").content.decode()
    assert 'type="radio"' in page and "<legend>" in page and 'name="letter"' in page
    assert 'name="account"' not in page  # transactional: not a choice
    assert 'name="moderation_reported"' not in page  # moderators' kinds: not for residents
    choices = {kind: "immediate" for kind in _offered(page)}
    response = client_a.post("/notifications/settings/", {**choices, "letter": "off"})
    assert response.status_code == 302
    assert Preference.objects.get(user=tom, kind="letter").choice == "off"


def _offered(page: str) -> set[str]:
    import re

    return set(re.findall(r'type="radio" name="(\w+)"', page))


def test_preferences_refuse_an_unknown_kind_and_change_nothing(client_a, town_a, people):
    tom = people["tom"]
    login(client_a, tom, town_a)
    choices = {
        kind: "immediate"
        for kind in _offered(client_a.get("/notifications/settings/").content.decode())
    }
    response = client_a.post("/notifications/settings/", {**choices, "lottery": "daily"})
    assert response.status_code == 400
    assert "“lottery” is not a kind of notification" in response.content.decode()
    assert not Preference.objects.filter(user=tom).exists()
    response = client_a.post("/notifications/settings/", {**choices, "letter": "sometimes"})
    assert response.status_code == 400
    assert not Preference.objects.filter(user=tom).exists()


def test_set_preferences_refuses_unknown_kinds_choices_and_other_peoples_kinds(people):
    from django.core.exceptions import ValidationError

    tom = people["tom"]
    for bad in (
        {"lottery": "daily"},
        {"letter": "hourly"},
        {"letter": "weekly"},  # the e-letter is had or not, never in a digest
        {"account": "off"},  # transactional
        {"moderation_reported": "off"},  # a moderators' kind, Tom is no moderator
        {"letter": "daily", "<script>": "off"},
        {"letter": ["off"]},
    ):
        with pytest.raises(ValidationError):
            set_preferences(user=tom, choices=bad)
    assert not Preference.objects.filter(user=tom).exists()
    assert set_preferences(user=people["moderator"], choices={"moderation_reported": "daily"}) == 1


def test_unread_count_costs_no_query_for_visitors_and_one_for_a_person(client_a, town_a, people):
    from django.template import engines
    from django.test import RequestFactory

    from portal.notifications.context_processors import unread_notifications

    _notify(people["tom"])
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        assert unread_notifications(request) == {"unread_notifications": 0}
    assert len(queries) == 0
    request.user = people["tom"]
    counted = unread_notifications(request)["unread_notifications"]
    template = engines["django"].from_string("{% if n > 0 %}{{ n }} new{% endif %}")
    with CaptureQueriesContext(connection) as queries:
        assert template.render({"n": counted}) == "1 new"
    assert len(queries) == 1


def test_the_inbox_costs_the_same_queries_for_5_and_50_notifications(client_a, town_a, people):
    tom = people["tom"]
    login(client_a, tom, town_a)
    client_a.get("/notifications/")  # the first request of a session warms caches
    for n in range(5):
        _notify(tom, f"Sofa {n}")
    with CaptureQueriesContext(connection) as few:
        assert client_a.get("/notifications/").status_code == 200
    for n in range(45):
        _notify(tom, f"Tisch {n}")
    with CaptureQueriesContext(connection) as many:
        assert client_a.get("/notifications/").status_code == 200
    assert len(many) == len(few)


def test_a_kind_offers_only_its_choices_and_a_bad_declaration_fails_at_start():
    from portal.notifications.kinds import LETTER, NotificationKind

    assert LETTER.choices == ("immediate", "off")
    for bad in (
        {"key": "has space", "label": "x"},
        {"key": "x" * 41, "label": "x"},
        {"key": "ok", "label": "x", "default": "hourly"},
        {"key": "ok", "label": "x", "default": "daily", "choices": ("immediate", "off")},
    ):
        with pytest.raises(ValueError):
            NotificationKind(**bad)
