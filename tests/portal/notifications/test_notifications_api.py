"""The notifications API: the inbox and the e-mail choices, in the API's one error shape."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token

from portal.notifications.models import Notification, Preference
from portal.notify import notify
from tests.factories import UserFactory

from .conftest import CONTEXT

pytestmark = pytest.mark.django_db


def _token(person) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=person).key}"}


def test_inbox_read_one_and_all(client_a, town_a, people):
    tom = people["tom"]
    for title in ("Sofa", "Lampe"):
        notify(tom, "moderation/reported", context={**CONTEXT, "title": title})
    auth = _token(tom)
    listed = client_a.get("/api/v1/notifications/", **auth).json()
    assert [item["read_at"] for item in listed["results"]] == [None, None]
    first = listed["results"][0]["id"]
    read = client_a.post(f"/api/v1/notifications/{first}/read/", **auth)
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert client_a.post("/api/v1/notifications/read-all/", **auth).json() == {"marked": 1}
    with tenant_context(town_a):
        assert not Notification.objects.filter(user=tom, read_at__isnull=True).exists()


def test_preferences_list_and_set_one_kind(client_a, town_a, people):
    tom = people["tom"]
    auth = _token(tom)
    listed = client_a.get("/api/v1/notifications/preferences/", **auth).json()
    by_kind = {row["kind"]: row for row in listed}
    assert by_kind["letter"]["choices"] == ["immediate", "off"]
    assert "account" not in by_kind and "moderation_reported" not in by_kind
    answer = client_a.put(
        "/api/v1/notifications/preferences/",
        {"kind": "exchange_messages", "choice": "daily"},
        content_type="application/json",
        **auth,
    )
    assert answer.status_code == 200
    assert {row["kind"]: row["choice"] for row in answer.json()}["exchange_messages"] == "daily"


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "lottery", "choice": "daily"},
        {"kind": "letter", "choice": "weekly"},
        {"kind": "moderation_reported", "choice": "off"},
        {"kind": "letter", "choice": "sometimes"},
        {"kind": 7, "choice": "off"},
        {},
    ],
)
def test_bad_preferences_are_a_400_in_the_error_shape_and_change_nothing(
    client_a, town_a, people, body
):
    auth = _token(people["tom"])
    answer = client_a.put(
        "/api/v1/notifications/preferences/", body, content_type="application/json", **auth
    )
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "invalid"
    if body.get("kind") == "lottery":
        assert "“lottery” is not a kind of notification" in error["message"]
    with tenant_context(town_a):
        assert not Preference.objects.exists()


def test_another_towns_notification_is_a_404(client_b, town_a, town_b, people):
    notify(people["tom"], "moderation/reported", context=CONTEXT)
    item = Notification.objects.get(user=people["tom"])
    with tenant_context(town_b):
        auth = _token(UserFactory())
    assert client_b.post(f"/api/v1/notifications/{item.public_id}/read/", **auth).status_code == 404
    assert client_b.get("/api/v1/notifications/", **auth).json()["results"] == []
    with tenant_context(town_a):
        item.refresh_from_db()
        assert item.read_at is None
