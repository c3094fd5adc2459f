"""Refusals are branded and explain what to do (issue 6, defect 4: pending residents got a
bare, untranslated Django "403 Forbidden" in the directory and the info module)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from portal.accounts.models import Role, User
from tests.factories import UserFactory
from tests.factories.info import EventFactory

BARE = "<h1>403 Forbidden</h1>"


@pytest.mark.parametrize(
    "path", ["/directory/register/", "/info/news/new/", "/info/events/new/", "/exchange/new/"]
)
def test_a_pending_resident_learns_why_in_every_module(
    in_town_a: Any, client_a: Any, path: str
) -> None:
    client_a.force_login(
        UserFactory(status=User.Status.PENDING, roles=[Role.RESIDENT, Role.MODERATOR])
    )
    response = client_a.get(path)
    page = response.content.decode()
    assert response.status_code == 403
    assert BARE not in page
    assert "You cannot do this yet" in page
    assert "network manager looks at every new account" in page


def test_a_resident_is_told_the_page_is_for_moderators(in_town_a: Any, client_a: Any) -> None:
    client_a.force_login(UserFactory())
    response = client_a.get("/info/moderation/")
    assert response.status_code == 403
    assert "This page is not for your account" in response.content.decode()


def test_someone_elses_event_gets_the_branded_403(in_town_a: Any, client_a: Any) -> None:
    # given an organisation's event, and another organisation's representative
    event = EventFactory(start=timezone.now() + timezone.timedelta(days=3))
    client_a.force_login(UserFactory(organisation=True))
    # when they try to change it
    response = client_a.get(f"/info/events/{event.public_id}/edit/")
    page = response.content.decode()
    # then the portal's own page says so and what they can do next
    assert response.status_code == 403
    assert BARE not in page
    assert "You cannot open this page" in page
    assert "What you can do" in page
    assert 'class="site-header"' in page


def test_the_operator_host_renders_its_own_403(public_client: Any, in_public: None) -> None:
    public_client.force_login(UserFactory(email="not-an-operator@example.org"))
    public_client.cookies["django_language"] = "en"
    response = public_client.get("/")
    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()
