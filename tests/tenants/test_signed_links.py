"""Signed links: one town's token is refused in another, for another purpose, when old,
tampered, or (single use) replayed."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.signed_links import make_link_token, read_link_token

pytestmark = pytest.mark.django_db


def test_a_token_made_in_town_a_is_refused_in_town_b(town_a, town_b) -> None:
    # given a token made in town A
    with tenant_context(town_a):
        token = make_link_token(purpose="test.hello", payload={"u": "1"})
    # when it is read in town B / then it is refused; in town A it works
    with tenant_context(town_b):
        assert read_link_token(purpose="test.hello", token=token, max_age=60) is None
    with tenant_context(town_a):
        assert read_link_token(purpose="test.hello", token=token, max_age=60) == {"u": "1"}


def test_a_token_is_refused_for_another_purpose(in_town_a) -> None:
    token = make_link_token(purpose="test.verify", payload={"u": "1"})
    assert read_link_token(purpose="test.password", token=token, max_age=60) is None


def test_a_named_schema_is_the_salt_of_the_operator_sites_links(town_a, town_b) -> None:
    token = make_link_token(purpose="test.x", payload={"o": "op"}, schema=town_a.schema_name)
    with tenant_context(town_a):
        assert read_link_token(purpose="test.x", token=token, max_age=60) == {"o": "op"}
    with tenant_context(town_b):
        assert read_link_token(purpose="test.x", token=token, max_age=60) is None


@pytest.mark.parametrize(
    "tamper", [lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"), lambda t: "x" + t, str.upper]
)
def test_a_tampered_token_is_refused(in_town_a, tamper) -> None:
    token = make_link_token(purpose="test.x", payload={"u": "1"})
    assert read_link_token(purpose="test.x", token=tamper(token), max_age=60) is None


def test_an_old_token_is_refused(in_town_a) -> None:
    token = make_link_token(purpose="test.x", payload={"u": "1"})
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert read_link_token(purpose="test.x", token=token, max_age=60) is None


def test_a_single_use_token_works_once_and_fresh_ones_still_work(in_town_a) -> None:
    token = make_link_token(purpose="test.once", payload={"u": "1"}, single_use=True)
    assert read_link_token(purpose="test.once", token=token, max_age=60, single_use=True) == {
        "u": "1"
    }
    assert read_link_token(purpose="test.once", token=token, max_age=60, single_use=True) is None
    fresh = make_link_token(purpose="test.once", payload={"u": "1"}, single_use=True)
    assert fresh != token
    assert read_link_token(purpose="test.once", token=fresh, max_age=60, single_use=True)


def test_a_plain_token_is_not_accepted_where_single_use_is_required(in_town_a) -> None:
    token = make_link_token(purpose="test.once", payload={"u": "1"})
    assert read_link_token(purpose="test.once", token=token, max_age=60, single_use=True) is None


def test_of_two_simultaneous_uses_exactly_one_wins(in_town_a) -> None:
    # (threads have connections of their own, in the public schema: name the town)
    schema = in_town_a.schema_name
    token = make_link_token(purpose="test.race", payload={"u": "1"}, single_use=True, schema=schema)
    barrier = threading.Barrier(8)
    wins: list[bool] = []

    def use() -> None:
        barrier.wait()
        found = read_link_token(
            purpose="test.race", token=token, max_age=60, single_use=True, schema=schema
        )
        wins.append(found is not None)

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1


def test_a_link_mailed_before_a_key_rotation_still_opens(in_town_a, settings) -> None:
    # given a link made with the old key
    settings.SECRET_KEY = "old-key-" + "x" * 50
    token = make_link_token(purpose="test.hello", payload={"u": "1"})
    # when the key is rotated with the old one kept as a fallback (ops/runbooks.md)
    settings.SECRET_KEY = "new-key-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "x" * 50]
    # then the link still opens, and without the fallback it would not
    assert read_link_token(purpose="test.hello", token=token, max_age=60) == {"u": "1"}
    settings.SECRET_KEY_FALLBACKS = []
    assert read_link_token(purpose="test.hello", token=token, max_age=60) is None
