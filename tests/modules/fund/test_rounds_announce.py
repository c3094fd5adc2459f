"""Voting opens: every voter is told once, by their own choice; a second run tells nobody."""

from __future__ import annotations

from typing import Any

import pytest

from modules.fund.services import announcements
from modules.fund.services.announcements import announce_voting_opened
from portal.notifications.services import set_preferences
from tests.factories import UserFactory
from tests.factories.fund import voting_round

pytestmark = pytest.mark.django_db


def _to(mailoutbox: list[Any], email: str) -> list[Any]:
    return [m for m in mailoutbox if email in m.to]


def test_every_voter_is_told_once_in_batches(
    in_town_a, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    # given voters, one who chose "off", one pending and one unverified, small batches
    monkeypatch.setattr(announcements, "BATCH", 2)
    voters = [UserFactory(email=f"announce-{n}@example.org") for n in range(3)]
    quiet = UserFactory(email="announce-off@example.org")
    set_preferences(user=quiet, choices={"fund_rounds": "off"})
    pending = UserFactory(pending=True, email="announce-pending@example.org")
    unverified = UserFactory(unverified=True, email="announce-unverified@example.org")
    fund_round, _ = voting_round()
    # when the task runs twice
    with django_capture_on_commit_callbacks(execute=True):
        announce_voting_opened(round_id=fund_round.pk)
    with django_capture_on_commit_callbacks(execute=True):
        second = announce_voting_opened(round_id=fund_round.pk)
    # then each voter got one message with the round and a link, nobody a second
    for voter in voters:
        [mail] = _to(mailoutbox, voter.email)
        assert fund_round.title in mail.body and f"/fund/rounds/{fund_round.slug}/" in mail.body
    assert second == 0
    assert _to(mailoutbox, quiet.email) == []
    assert _to(mailoutbox, pending.email) == [] and _to(mailoutbox, unverified.email) == []
    fund_round.refresh_from_db()
    assert fund_round.announced_at is not None


def test_a_round_not_voting_tells_nobody(in_town_a, mailoutbox) -> None:
    from modules.fund.models import Phase
    from tests.factories.fund import RoundFactory

    UserFactory(email="announce-none@example.org")
    fund_round = RoundFactory(phase=Phase.REVIEW)
    assert announce_voting_opened(round_id=fund_round.pk) == 0
    assert mailoutbox == []
