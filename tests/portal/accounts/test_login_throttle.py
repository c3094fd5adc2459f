"""Guessing passwords: after ten wrong tries an address is locked for a while, per town."""

from django.core.cache import cache

from portal.accounts import throttle
from tests.factories import PASSWORD, UserFactory


def _login(client, email: str, password: str):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_ten_wrong_passwords_lock_the_address(client_a, in_town_a) -> None:
    # given a resident and ten wrong attempts
    cache.clear()
    user = UserFactory(email="erika@example.org")
    for _ in range(throttle.MAX_FAILURES):
        assert _login(client_a, user.email, "wrong-password").status_code == 200
    # when the right password comes next
    response = _login(client_a, user.email, PASSWORD)
    # then it is refused with a clear message, and no session was made
    assert response.status_code == 200
    assert "Too many wrong attempts" in response.text or "Zu viele" in response.text
    assert "_auth_user_id" not in client_a.session


def test_the_lock_of_town_a_does_not_lock_town_b(client_a, client_b, town_b, in_town_a) -> None:
    cache.clear()
    UserFactory(email="same@example.org")
    for _ in range(throttle.MAX_FAILURES):
        _login(client_a, "same@example.org", "wrong-password")
    from django_tenants.utils import tenant_context

    with tenant_context(town_b):
        UserFactory(email="same@example.org")
    response = _login(client_b, "same@example.org", PASSWORD)
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client_a, in_town_a) -> None:
    cache.clear()
    user = UserFactory(email="karl@example.org")
    for _ in range(throttle.MAX_FAILURES - 1):
        _login(client_a, user.email, "wrong-password")
    assert _login(client_a, user.email, PASSWORD).status_code == 302
    client_a.post("/accounts/logout/")
    for _ in range(throttle.MAX_FAILURES - 1):
        _login(client_a, user.email, "wrong-password")
    assert _login(client_a, user.email, PASSWORD).status_code == 302


def test_reset_mails_per_address_are_limited(
    client_a, in_town_a, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    cache.clear()
    UserFactory(email="vera@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(throttle.MAILS_PER_HOUR + 3):
            response = client_a.post("/accounts/password/reset/", {"email": "vera@example.org"})
            assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == throttle.MAILS_PER_HOUR


def test_verification_resends_are_limited(
    client_a, in_town_a, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    cache.clear()
    user = UserFactory(email="udo@example.org", email_verified_at=None)
    client_a.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(throttle.MAILS_PER_HOUR + 2):
            client_a.post("/accounts/verify-again/")
    assert len(mail.outbox) == throttle.MAILS_PER_HOUR
