"""Login and logout in one town; credentials and sessions of town A are worthless at town B."""

from __future__ import annotations

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from portal.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def is_anonymous(client) -> bool:
    """The town's API does not know the visitor (401 or 403, with the code to say so)."""
    response = client.get("/api/v1/me/")
    return (
        response.status_code in (401, 403)
        and response.json()["error"]["code"] == "not_authenticated"
    )


def log_in(client, email: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_login_at_a_works_and_sets_a_host_only_cookie(in_town_a, client_a) -> None:
    # given a resident of town A
    user = UserFactory(email="erika@example.org")
    # when they log in on A's host
    response = log_in(client_a, "erika@example.org")
    # then they are in, and the session cookie is bound to A's host alone
    assert response.status_code == 302 and response["Location"] == "/"
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["domain"] == ""
    assert "domain=" not in cookie.output().lower()
    assert cookie["httponly"] is True
    assert client_a.get("/api/v1/me/").json()["id"] == str(user.public_id)


def test_login_ignores_the_case_of_the_address(in_town_a, client_a) -> None:
    UserFactory(email="erika@example.org")
    assert log_in(client_a, "  Erika@EXAMPLE.org ").status_code == 302


def test_wrong_password_is_refused_with_a_clear_message(in_town_a, client_a) -> None:
    UserFactory(email="erika@example.org")
    response = log_in(client_a, "erika@example.org", "not-the-password")
    assert response.status_code == 200
    assert "E-mail address or password is not right" in response.text
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_credentials_of_town_a_fail_at_town_b(in_town_a, client_b) -> None:
    # given a resident of A only
    UserFactory(email="erika@example.org")
    # when they try to log in on B's host
    response = log_in(client_b, "erika@example.org")
    # then B does not know them
    assert response.status_code == 200
    assert "E-mail address or password is not right" in response.text
    assert is_anonymous(client_b)


def test_same_address_in_two_towns_are_two_accounts(in_town_a, town_b, client_a, client_b) -> None:
    # given one address registered in both towns with different passwords
    in_a = UserFactory(email="erika@example.org")
    with tenant_context(town_b):
        in_b = UserFactory(email="erika@example.org", password="other-password-of-b")
    # then each town accepts only its own password, and knows only its own account
    assert log_in(client_b, "erika@example.org").status_code == 200
    assert log_in(client_b, "erika@example.org", "other-password-of-b").status_code == 302
    assert client_b.get("/api/v1/me/").json()["id"] == str(in_b.public_id)
    assert log_in(client_a, "erika@example.org").status_code == 302
    assert client_a.get("/api/v1/me/").json()["id"] == str(in_a.public_id)


def test_session_cookie_of_a_is_not_accepted_at_b(in_town_a, client_a, client_b) -> None:
    # given a session at A
    UserFactory(email="erika@example.org")
    log_in(client_a, "erika@example.org")
    session_id = client_a.cookies[settings.SESSION_COOKIE_NAME].value
    assert client_a.get("/accounts/profile/").status_code == 200
    # when the same cookie is sent to B's host
    client_b.cookies[settings.SESSION_COOKIE_NAME] = session_id
    # then B treats the visitor as anonymous
    assert is_anonymous(client_b)
    profile = client_b.get("/accounts/profile/")
    assert profile.status_code == 302 and profile["Location"].startswith("/accounts/login/")


def test_logout_is_post_only(in_town_a, client_a) -> None:
    # given a logged-in resident
    client_a.force_login(UserFactory())
    # when a GET is sent to the logout address (a link, an image) / then nothing happens
    assert client_a.get("/accounts/logout/").status_code == 405
    assert client_a.get("/api/v1/me/").status_code == 200
    # when they press the logout button (POST) / then they are out
    response = client_a.post("/accounts/logout/")
    assert response.status_code == 302
    assert is_anonymous(client_a)


def test_pages_offer_logout_as_a_form(in_town_a, client_a) -> None:
    client_a.force_login(UserFactory())
    page = client_a.get("/me/").text
    assert 'method="post" action="/accounts/logout/"' in page


def test_pending_and_unconfirmed_users_can_log_in(in_town_a, client_a) -> None:
    UserFactory(email="pending@example.org", pending=True)
    UserFactory(email="unconfirmed@example.org", unverified=True)
    assert log_in(client_a, "pending@example.org").status_code == 302
    assert client_a.get("/api/v1/me/").json()["can_participate"] is False
    client_a.post("/accounts/logout/")
    assert log_in(client_a, "unconfirmed@example.org").status_code == 302
    assert client_a.get("/api/v1/me/").json()["can_participate"] is False


def test_blocked_user_cannot_log_in(in_town_a, client_a) -> None:
    UserFactory(email="blocked@example.org", blocked=True)
    response = log_in(client_a, "blocked@example.org")
    assert response.status_code == 200
    assert "This account is blocked" in response.text
    assert is_anonymous(client_a)


def test_login_refuses_a_redirect_to_another_host(in_town_a, client_a) -> None:
    UserFactory(email="erika@example.org")
    response = client_a.post(
        "/accounts/login/?next=http://beta.lq.test/",
        {"username": "erika@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_user_made_in_a_does_not_exist_in_b(in_town_a, town_b) -> None:
    user = UserFactory(email="erika@example.org")
    with tenant_context(town_b):
        assert not User.objects.filter(email="erika@example.org").exists()
        assert not User.objects.filter(public_id=user.public_id).exists()
    assert User.objects.filter(public_id=user.public_id).exists()
