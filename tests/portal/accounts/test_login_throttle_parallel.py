"""The log-in limit holds when guesses arrive at the same moment, and one password sprayed
over many accounts from one connection is limited too (real threads, real Redis)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django_tenants.utils import tenant_context

from portal.accounts import throttle
from tests.conftest import TOWN_A, TownClient, host
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


class CountingSlowHasher(MD5PasswordHasher):
    """MD5 (the tests' hasher) that takes as long as a real one and counts its checks: the
    race is between checking a password and counting the attempt."""

    checks = 0
    _lock = threading.Lock()

    def verify(self, password: str, encoded: str) -> bool:
        with self._lock:
            CountingSlowHasher.checks += 1
        time.sleep(0.05)
        return bool(super().verify(password, encoded))


@pytest.fixture(autouse=True)
def _forget_people_made_here(town_a: Any) -> Iterator[None]:
    """A transactional test commits; town tables are not flushed, so remove what it made."""
    from portal.accounts.models import User

    with tenant_context(town_a):
        before = set(User.objects.values_list("pk", flat=True))
    yield
    with tenant_context(town_a):
        User.objects.exclude(pk__in=before).delete()


@pytest.fixture
def slow_hasher(settings: Any) -> Iterator[type[CountingSlowHasher]]:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingSlowHasher"]
    CountingSlowHasher.checks = 0
    yield CountingSlowHasher


def _parallel_logins(attempts: list[tuple[str, str, str]]) -> list[int]:
    """Post every (email, password, ip) at the same moment, one client per thread."""
    barrier = threading.Barrier(len(attempts))
    results: list[int] = [0] * len(attempts)

    def attempt(index: int, email: str, password: str, ip: str) -> None:
        client = TownClient(HTTP_HOST=host(TOWN_A), REMOTE_ADDR=ip)
        try:
            barrier.wait()
            response = client.post("/accounts/login/", {"username": email, "password": password})
            results[index] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, *args)) for i, args in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_forty_parallel_guesses_check_at_most_the_limit(town_a, slow_hasher) -> None:
    # given a resident
    with tenant_context(town_a):
        UserFactory(email="ziel@example.org")
    # when 39 wrong guesses arrive at the same moment
    results = _parallel_logins([("ziel@example.org", f"falsch-{i}", "10.1.1.1") for i in range(39)])
    # then at most the limit of them had their password checked
    assert all(status == 200 for status in results)
    assert 1 <= slow_hasher.checks <= throttle.MAX_FAILURES
    # and the right password after them is refused
    checks_before = slow_hasher.checks
    results = _parallel_logins([("ziel@example.org", PASSWORD, "10.1.1.1")])
    assert results == [200]
    assert slow_hasher.checks == checks_before


def test_the_right_password_among_forty_gets_through_only_within_the_limit(
    town_a, slow_hasher
) -> None:
    # given a resident / when 39 wrong and one right guess arrive at the same moment
    with tenant_context(town_a):
        UserFactory(email="ziel@example.org")
    attempts = [("ziel@example.org", f"falsch-{i}", "10.1.1.2") for i in range(39)]
    attempts.insert(20, ("ziel@example.org", PASSWORD, "10.1.1.2"))
    results = _parallel_logins(attempts)
    # then no more than the limit were checked; the right one logs in only if it was one of
    # them (and then the address starts afresh, so the guesses still in flight get at most
    # one more round)
    assert results.count(302) <= 1
    rounds = 1 + results.count(302)
    assert slow_hasher.checks <= rounds * throttle.MAX_FAILURES
    assert results.count(200) >= len(attempts) - rounds * throttle.MAX_FAILURES


def test_one_password_over_many_accounts_is_limited_per_connection(town_a) -> None:
    # given many residents
    with tenant_context(town_a):
        for i in range(throttle.MAX_ATTEMPTS_PER_IP + 5):
            UserFactory(email=f"opfer{i}@example.org")
    # when one connection tries one password on every account
    sprayer = TownClient(HTTP_HOST=host(TOWN_A), REMOTE_ADDR="10.9.9.9")
    texts = [
        sprayer.post(
            "/accounts/login/", {"username": f"opfer{i}@example.org", "password": "Sommer2026!"}
        ).text
        for i in range(throttle.MAX_ATTEMPTS_PER_IP + 5)
    ]
    # then the attempts past the limit are refused without a check
    assert not any("from your connection" in t for t in texts[: throttle.MAX_ATTEMPTS_PER_IP])
    assert all("from your connection" in t for t in texts[throttle.MAX_ATTEMPTS_PER_IP :])
    # and another connection is not affected
    other = TownClient(HTTP_HOST=host(TOWN_A), REMOTE_ADDR="10.8.8.8")
    response = other.post(
        "/accounts/login/", {"username": "opfer0@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_successful_logins_do_not_use_up_the_connection(town_a, settings) -> None:
    # given a town hall where many people log in from one address
    with tenant_context(town_a):
        for i in range(throttle.MAX_ATTEMPTS_PER_IP + 2):
            UserFactory(email=f"amt{i}@example.org")
    client = TownClient(HTTP_HOST=host(TOWN_A), REMOTE_ADDR="10.7.7.7")
    for i in range(throttle.MAX_ATTEMPTS_PER_IP + 2):
        response = client.post(
            "/accounts/login/", {"username": f"amt{i}@example.org", "password": PASSWORD}
        )
        assert response.status_code == 302, i
        client.post("/accounts/logout/")


def test_the_address_behind_a_trusted_proxy_is_the_visitors(rf, settings) -> None:
    settings.LQ_TRUSTED_PROXIES = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8", REMOTE_ADDR="10.0.0.1")
    assert throttle.client_ip(request) == "5.6.7.8"
    settings.LQ_TRUSTED_PROXIES = 0
    assert throttle.client_ip(request) == "10.0.0.1"


def test_real_log_ins_in_between_do_not_wash_out_sprayed_guesses(in_town_a) -> None:
    # given someone who owns one real account and sprays a password over others, logging in
    # to his own account after every guess
    ip = "203.0.113.9"
    guesses = 0
    while throttle.begin_attempt(email="", ip=ip) is None:  # a wrong guess, counted
        guesses += 1
        if throttle.begin_attempt(email="own@example.org", ip=ip) is None:
            throttle.attempt_succeeded(email="own@example.org", ip=ip)  # his own, given back
        assert guesses <= throttle.MAX_ATTEMPTS_PER_IP
    # then his wrong guesses still add up to the same limit
    assert guesses >= throttle.MAX_ATTEMPTS_PER_IP - 1
