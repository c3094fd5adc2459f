"""The e-mail verification link: works, and is refused when tampered, foreign, stale or expired."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from portal.accounts import services
from portal.accounts.models import User
from tests.factories import PASSWORD, UserFactory
from tests.portal.accounts.accounts_testkit import link_in, mails_to, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified(in_town_a, django_capture_on_commit_callbacks) -> tuple[User, str]:
    """A fresh resident of town A and the path of their verification link."""
    with django_capture_on_commit_callbacks(execute=True):
        user = services.register_resident(
            email="erika@example.org", password="Lindenbaum-am-Brunnen-7", full_name="Erika Haug"
        )
    return user, path_of(link_in(mails_to("erika@example.org")[-1]))


def test_link_confirms_the_address(unverified, client_a) -> None:
    # given a new resident who cannot take part yet
    user, path = unverified
    assert not user.can_participate
    # when they open the link and press "Confirm"
    response = client_a.post(path)
    # then the address is confirmed and they may take part
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None and user.can_participate


def test_link_opened_twice_keeps_the_first_time(unverified, client_a) -> None:
    user, path = unverified
    client_a.post(path)
    user.refresh_from_db()
    first = user.email_verified_at
    assert client_a.post(path).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at == first


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.replace(token.split(":")[0], token.split(":")[0][::-1]),
        lambda token: "garbage",
    ],
)
def test_tampered_link_is_refused(unverified, client_a, tamper) -> None:
    user, path = unverified
    token = path.rstrip("/").rsplit("/", 1)[1]
    response = client_a.post(f"/accounts/verify/{tamper(token)}/")
    assert response.status_code == 400
    assert "This link is not valid" in response.text
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_link_is_refused_on_another_towns_host(unverified, client_b) -> None:
    # given a link made in town A / when it is opened on town B's host
    user, path = unverified
    response = client_b.post(path)
    # then B refuses it and A's resident stays unconfirmed
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_link_is_refused_after_the_address_changed(
    unverified, client_a, django_capture_on_commit_callbacks
) -> None:
    # given a link to the old address, and the account moved to a new one
    user, old_path = unverified
    with django_capture_on_commit_callbacks(execute=True):
        services.change_email(
            user=user, new_email="erika@new.example", password="Lindenbaum-am-Brunnen-7"
        )
    # when the old link is opened
    response = client_a.post(old_path)
    # then it is refused; only the link sent to the new address confirms
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None
    new_path = path_of(link_in(mails_to("erika@new.example")[-1]))
    assert client_a.post(new_path).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_link_is_refused_after_seven_days(unverified, client_a) -> None:
    user, path = unverified
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client_a.post(path)
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_link_still_works_on_the_sixth_day(unverified, client_a) -> None:
    user, path = unverified
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert client_a.post(path).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_opening_the_link_only_asks_for_confirmation(unverified, client_a) -> None:
    # given a fresh link / when a mail scanner (or the person) merely opens it
    user, path = unverified
    response = client_a.get(path)
    # then a page with a "Confirm" button shows and nothing is confirmed yet
    assert response.status_code == 200
    assert 'method="post"' in response.text and "Confirm" in response.text
    assert response["Referrer-Policy"] == "same-origin"
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_opening_a_bad_link_says_so_at_once(unverified, client_a) -> None:
    response = client_a.get("/accounts/verify/garbage/")
    assert response.status_code == 400
    assert "This link is not valid" in response.text


def test_verification_link_refuses_other_methods(unverified, client_a) -> None:
    _user, path = unverified
    assert client_a.put(path).status_code == 405


def test_resend_sends_a_new_link_to_an_unconfirmed_user(
    in_town_a, client_a, django_capture_on_commit_callbacks
) -> None:
    user = UserFactory(unverified=True)
    client_a.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/accounts/verify-again/")
    assert response.status_code == 302
    assert len(mails_to(user.email)) == 1
    assert client_a.post(path_of(link_in(mails_to(user.email)[0]))).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_resend_does_nothing_for_a_confirmed_user(in_town_a, client_a) -> None:
    client_a.force_login(UserFactory())
    assert client_a.post("/accounts/verify-again/").status_code == 200
    assert mail.outbox == []


def test_verification_mail_is_branded_in_text_and_html(unverified) -> None:
    message = mails_to("erika@example.org")[-1]
    assert message.subject == "Alpha: please confirm your e-mail address"
    assert "Alpha" in message.from_email
    html = message.alternatives[0][0]
    assert "Erika Haug" in message.body and "Erika Haug" in html
    assert link_in(message) in html


def test_change_email_refuses_wrong_password_and_taken_address(in_town_a) -> None:
    from django.core.exceptions import ValidationError

    user = UserFactory(email="erika@example.org")
    UserFactory(email="taken@example.org")
    with pytest.raises(ValidationError) as wrong:
        services.change_email(user=user, new_email="new@example.org", password="nope")
    with pytest.raises(ValidationError) as taken:
        services.change_email(user=user, new_email="TAKEN@example.org", password=PASSWORD)
    assert "password" in wrong.value.message_dict
    assert "email" in taken.value.message_dict
    user.refresh_from_db()
    assert user.email == "erika@example.org" and user.email_verified_at is not None
