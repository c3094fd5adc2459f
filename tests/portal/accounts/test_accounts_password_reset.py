"""Password reset by e-mail: branded, keyed by public id, single use, valid in its town only."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from portal.accounts.models import User
from tests.factories import UserFactory
from tests.portal.accounts.accounts_testkit import link_in, mails_to, path_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kirschbaum-im-Garten-42"


@pytest.fixture
def reset_path(in_town_a, client_a, django_capture_on_commit_callbacks) -> tuple[User, str]:
    """A resident of town A who asked for a new password, and the path of the link."""
    user = UserFactory(email="erika@example.org", full_name="Erika Haug")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/accounts/password/reset/", {"email": "Erika@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    return user, path_of(link_in(mails_to("erika@example.org")[0]))


def test_reset_mail_is_branded_and_keyed_by_public_id(reset_path) -> None:
    # given a reset requested in town A
    user, path = reset_path
    message = mail.outbox[0]
    # then the mail carries the town's name, colour and the person's name
    assert "Alpha" in message.subject and "new password" in message.subject
    assert "Alpha" in message.from_email
    html = message.alternatives[0][0]
    assert "Erika Haug" in html and "#1f4e79" in html
    # and the link names the person by public id, never by sequential id
    assert path.startswith(f"/accounts/password/set/{user.public_id}/")
    assert f"/{user.pk}/" not in path


def test_link_sets_the_password_once(reset_path, client_a) -> None:
    # given the link
    user, path = reset_path
    opened = client_a.get(path)
    assert opened.status_code == 302
    # when a new password is chosen through it
    response = client_a.post(
        opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    # then the password is changed and the link is spent
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    again = client_a.post(
        path, {"new_password1": "Another-one-99x", "new_password2": "Another-one-99x"}
    )
    assert again.status_code == 400
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # and the new password logs in
    assert client_a.login(username="erika@example.org", password=NEW_PASSWORD)


def test_link_moves_the_token_out_of_the_address(reset_path, client_a) -> None:
    # given the link / when it is opened
    _user, path = reset_path
    token = path.rstrip("/").rsplit("/", 1)[1]
    opened = client_a.get(path)
    # then the browser goes on to an address without the token, and the form page may send
    # a same-origin Referer (with "no-referrer" Chromium posts `Origin: null`: CSRF 403)
    assert opened.status_code == 302
    assert token not in opened["Location"]
    assert opened["Referrer-Policy"] == "same-origin"
    form_page = client_a.get(opened["Location"])
    assert form_page.status_code == 200
    assert form_page["Referrer-Policy"] == "same-origin"


def test_form_page_without_an_opened_link_is_refused(reset_path, client_a) -> None:
    # given someone who never opened the link / when they go to the form's address directly
    user, _path = reset_path
    response = client_a.post(
        f"/accounts/password/set/{user.public_id}/choose/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then nothing is changed
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)


def test_weak_new_password_is_refused(reset_path, client_a) -> None:
    user, path = reset_path
    form_path = client_a.get(path)["Location"]
    response = client_a.post(form_path, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    assert "too short" in response.text
    user.refresh_from_db()
    assert not user.check_password("12345")


def test_link_fails_on_town_bs_host(reset_path, client_b) -> None:
    user, path = reset_path
    assert client_b.get(path).status_code == 404
    assert (
        client_b.post(
            path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        ).status_code
        == 404
    )
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)


def test_tampered_token_is_refused(reset_path, client_a) -> None:
    user, path = reset_path
    tampered = path.rstrip("/") + "x/"
    assert "This link is not valid" in client_a.get(tampered).text
    response = client_a.post(
        tampered, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)


def test_unknown_address_gets_the_same_answer_and_no_mail(
    in_town_a, client_a, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_address_of_town_b_gets_no_mail_at_town_a(
    town_b, client_a, django_capture_on_commit_callbacks
) -> None:
    from django_tenants.utils import tenant_context

    with tenant_context(town_b):
        UserFactory(email="bea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/accounts/password/reset/", {"email": "bea@example.org"})
    assert mail.outbox == []


def test_blocked_account_gets_no_mail(
    in_town_a, client_a, django_capture_on_commit_callbacks
) -> None:
    UserFactory(email="blocked@example.org", blocked=True)
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/accounts/password/reset/", {"email": "blocked@example.org"})
    assert mail.outbox == []


def test_admin_without_password_can_still_ask_for_a_link(
    in_town_a, client_a, django_capture_on_commit_callbacks
) -> None:
    # given the town's first administrator, who never chose a password (welcome link lost)
    admin = User.objects.get(email="admin@alpha.example")
    assert not admin.has_usable_password()
    # when they ask for a new link / then they get one that works
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/accounts/password/reset/", {"email": "admin@alpha.example"})
    path = path_of(link_in(mails_to("admin@alpha.example")[0]))
    client_a.post(
        client_a.get(path)["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    admin.refresh_from_db()
    assert admin.check_password(NEW_PASSWORD)


def test_setting_a_password_by_link_confirms_the_address(
    in_town_a, client_a, django_capture_on_commit_callbacks
) -> None:
    user = UserFactory(email="new@example.org", unverified=True)
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/accounts/password/reset/", {"email": "new@example.org"})
    path = path_of(link_in(mails_to("new@example.org")[0]))
    client_a.post(
        client_a.get(path)["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_link_expires_after_three_days(reset_path, client_a) -> None:
    user, path = reset_path
    form_path = client_a.get(path)["Location"]
    # Django's token clock is naive local time, which time-machine shifts by the UTC offset;
    # a few hours past the limit keeps the test true in every season.
    with time_machine.travel(timezone.now() + timedelta(days=3, hours=3)):
        response = client_a.post(
            form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)


def test_link_of_one_user_does_not_open_another_users_account(reset_path, client_a) -> None:
    # given Erika's link / when its token is put under Paula's public id
    _user, path = reset_path
    paula = UserFactory(email="paula@example.org")
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = f"/accounts/password/set/{paula.public_id}/{token}/"
    response = client_a.post(forged, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    # then it is refused and Paula's password stays
    assert response.status_code == 400
    paula.refresh_from_db()
    assert not paula.check_password(NEW_PASSWORD)
