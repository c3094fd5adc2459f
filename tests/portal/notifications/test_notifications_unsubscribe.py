"""One-click unsubscribe: GET asks, POST (with or without CSRF token) switches the kind off;
forged, altered, other-town and transactional tokens change nothing; a replay is harmless."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from portal.notifications import selectors
from portal.notifications.models import Preference
from portal.notifications.services import set_preferences
from portal.notifications.unsubscribe import unsubscribe_token, unsubscribe_url
from tenants.signed_links import make_link_token
from tests.conftest import host
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _path(token: str) -> str:
    return f"/notifications/unsubscribe/{token}/"


def test_get_only_asks_and_the_one_click_post_without_csrf_token_unsubscribes(town_a, people):
    tom = people["tom"]
    token = unsubscribe_token(tom, "exchange_messages")
    assert unsubscribe_url(tom, "exchange_messages").endswith(_path(token))
    # a mail program's POST comes without session and without CSRF token
    strict = Client(enforce_csrf_checks=True, HTTP_HOST=host(town_a.slug))
    page = strict.get(_path(token))
    assert page.status_code == 200 and '<form method="post"' in page.content.decode()
    assert selectors.email_choice(tom, "exchange_messages") == "immediate"  # GET changed nothing
    response = strict.post(_path(token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "no more e-mails" in response.content.decode()
    with tenant_context(town_a):
        assert selectors.email_choice(tom, "exchange_messages") == "off"
        assert selectors.email_choice(tom, "letter") == "immediate"  # only its own kind


def test_a_replayed_link_says_already_unsubscribed_and_changes_nothing(client_a, town_a, people):
    tom = people["tom"]
    token = unsubscribe_token(tom, "letter")
    client_a.post(_path(token))
    with tenant_context(town_a):
        row = Preference.objects.get(user=tom, kind="letter")
    again = client_a.post(_path(token))
    assert again.status_code == 200 and "already unsubscribed" in again.content.decode()
    assert "already unsubscribed" in client_a.get(_path(token)).content.decode()
    with tenant_context(town_a):
        assert Preference.objects.get(user=tom, kind="letter").updated_at == row.updated_at


def test_forged_altered_and_transactional_tokens_are_refused(client_a, town_a, people):
    tom = people["tom"]
    good = unsubscribe_token(tom, "letter")
    forged = [
        "nonsense",
        good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB"),
        make_link_token(
            purpose="password", payload={"person": str(tom.public_id), "kind": "letter"}
        ),
        unsubscribe_token(tom, "account"),  # account mails cannot be unsubscribed
        make_link_token(
            purpose="notifications.unsubscribe", payload={"person": "not-a-uuid", "kind": "letter"}
        ),
        make_link_token(
            purpose="notifications.unsubscribe",
            payload={"person": str(tom.public_id), "kind": "no_such_kind"},
        ),
    ]
    for token in forged:
        assert client_a.get(_path(token)).status_code == 404
        response = client_a.post(_path(token))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    with tenant_context(town_a):
        assert not Preference.objects.filter(user=tom).exists()


def test_a_link_of_town_a_does_nothing_in_town_b(client_b, town_a, town_b, people):
    tom = people["tom"]
    token = unsubscribe_token(tom, "letter")
    with tenant_context(town_b):
        # even where town B has a person with the very same public id and address
        UserFactory(email=tom.email, public_id=tom.public_id)
    assert client_b.post(_path(token)).status_code == 404
    with tenant_context(town_b):
        assert not Preference.objects.exists()
    with tenant_context(town_a):
        assert not Preference.objects.filter(user=tom).exists()


def test_a_digest_link_switches_off_every_kind_in_that_digest(client_a, town_a, people):
    erika = people["erika"]
    set_preferences(
        user=erika, choices={"directory_organisations": "weekly", "exchange_messages": "weekly"}
    )
    set_preferences(user=erika, choices={"other": "daily"})
    response = client_a.post(_path(unsubscribe_token(erika, "weekly")))
    assert response.status_code == 200
    with tenant_context(town_a):
        assert selectors.email_choice(erika, "directory_organisations") == "off"
        assert selectors.email_choice(erika, "letter") == "immediate"
        assert selectors.email_choice(erika, "exchange_messages") == "off"
        assert selectors.email_choice(erika, "other") == "daily"
