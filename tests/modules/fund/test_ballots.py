"""Casting a ballot: who may, what a ballot may hold, when, and once per person whatever
the channel. Every refusal stores nothing in the register, the box or the receipts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from modules.fund.models import Ballot, Channel, Phase, Receipt, VoteMethod, VoterRecord
from modules.fund.services.ballots import (
    cast_ballot,
    enter_paper_ballot,
    normalise_code,
    receipt_hash,
    record_assisted_ballot,
)
from modules.fund.services.rounds import advance_round
from portal.accounts.models import INVITATION_ALPHABET, AuditEntry
from tests.factories import UserFactory
from tests.factories.fund import RoundFactory, voting_round

from .ballots_setup import box_sizes, voting_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(in_town_a: object):  # type: ignore[no-untyped-def]
    fund_round, _ = voting_round(projects=3)
    return fund_round


@pytest.fixture
def approval(in_town_a: object):  # type: ignore[no-untyped-def]
    fund_round, _ = voting_round(projects=4, method=VoteMethod.APPROVAL, max_choices=2)
    return fund_round


def test_a_voter_casts_a_ballot_and_gets_a_receipt(voting) -> None:
    # given a verified resident
    voter = UserFactory()
    # when she votes for project 2
    code = cast_ballot(fund_round=voting, voter=voter, choices=[2])
    # then the register, the box and the receipts hold one row each
    assert box_sizes(voting) == (1, 1, 1)
    assert VoterRecord.objects.get(round=voting, voter=voter).channel == Channel.ONLINE
    assert list(Ballot.objects.filter(round=voting).values_list("choices", flat=True)) == [[2]]
    # and only the code's hash is stored; it reads in groups and compares without case
    raw = normalise_code(code)
    assert len(raw) == 16 and set(raw) <= set(INVITATION_ALPHABET)
    assert code.count("-") == 3
    assert Receipt.objects.filter(round=voting, code_hash=receipt_hash(code)).exists()
    assert receipt_hash(code.lower().replace("-", " ")) == receipt_hash(code)
    assert not Receipt.objects.filter(code_hash__icontains=raw).exists()


def test_approval_choices_are_stored_sorted(approval) -> None:
    cast_ballot(fund_round=approval, voter=UserFactory(), choices=[4, 1])
    assert list(Ballot.objects.filter(round=approval).values_list("choices", flat=True)) == [[1, 4]]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([], "exactly one"),
        ([1, 2], "exactly one"),
        ([7], "no project with the number 7"),
        ([0], "no project with the number 0"),
        (["1"], "list of ballot numbers"),
        ([True], "list of ballot numbers"),
    ],
)
def test_a_bad_single_ballot_is_refused_and_nothing_stored(voting, choices, message) -> None:
    voter = UserFactory()
    with pytest.raises(ValidationError, match=message):
        cast_ballot(fund_round=voting, voter=voter, choices=choices)
    assert box_sizes(voting) == (0, 0, 0)


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([], "at least one"),
        ([1, 2, 3], "at most 2"),
        ([2, 2], "only once"),
        ([1, 9], "no project with the number 9"),
    ],
)
def test_a_bad_approval_ballot_is_refused_and_nothing_stored(approval, choices, message) -> None:
    with pytest.raises(ValidationError, match=message):
        cast_ballot(fund_round=approval, voter=UserFactory(), choices=choices)
    assert box_sizes(approval) == (0, 0, 0)


@pytest.mark.parametrize(
    ("traits", "message"),
    [
        ({"pending": True}, "waiting for approval"),
        ({"blocked": True}, "blocked"),
        ({"unverified": True}, "confirm your e-mail"),
    ],
)
def test_who_may_not_vote_is_told_why(voting, traits, message) -> None:
    with pytest.raises(ValidationError, match=message):
        cast_ballot(fund_round=voting, voter=UserFactory(**traits), choices=[1])
    assert box_sizes(voting) == (0, 0, 0)


def test_a_managed_resident_without_email_may_vote(voting) -> None:
    person = UserFactory(email=None, is_managed=True, email_verified_at=None)
    worker = UserFactory(poll_worker=True)
    enter_paper_ballot(fund_round=voting, voter=person, choices=[1], poll_worker=worker)
    assert box_sizes(voting) == (1, 1, 1)


def test_a_postcode_outside_the_town_is_refused(voting, monkeypatch) -> None:
    from modules.fund import eligibility

    monkeypatch.setattr(eligibility, "residency_postcodes", lambda: ["71263"])
    with pytest.raises(ValidationError, match="71263"):
        cast_ballot(fund_round=voting, voter=UserFactory(postcode="70173"), choices=[1])
    assert box_sizes(voting) == (0, 0, 0)
    cast_ballot(fund_round=voting, voter=UserFactory(postcode="71263"), choices=[1])
    assert box_sizes(voting) == (1, 1, 1)


@pytest.mark.parametrize("phase", [Phase.REVIEW, Phase.RESULTS, Phase.CLOSED])
def test_outside_the_voting_phase_nothing_is_cast(in_town_a, phase) -> None:
    fund_round = RoundFactory(phase=phase)
    with pytest.raises(ValidationError, match="not open"):
        cast_ballot(fund_round=fund_round, voter=UserFactory(), choices=[1])
    assert box_sizes(fund_round) == (0, 0, 0)


def test_a_ballot_at_the_deadline_is_refused_with_the_closing_time(voting) -> None:
    # given the round closes at its voting_ends_at (shown in the town's time zone)
    at = voting.voting_ends_at
    local = timezone.localtime(at, timezone.get_current_timezone())
    # when a ballot arrives exactly then
    with pytest.raises(ValidationError) as refused:
        cast_ballot(fund_round=voting, voter=UserFactory(), choices=[1], now=at)
    # then it is refused, with the closing time, and nothing is stored
    assert "closed" in refused.value.messages[0]
    assert local.strftime("%d.%m.%Y") in refused.value.messages[0]
    assert box_sizes(voting) == (0, 0, 0)
    # while a second before it counts
    cast_ballot(fund_round=voting, voter=UserFactory(), choices=[1], now=at - timedelta(seconds=1))
    assert box_sizes(voting) == (1, 1, 1)


def test_voting_closed_by_hand_refuses_every_later_ballot(voting) -> None:
    admin = UserFactory(town_admin=True)
    advance_round(fund_round=voting, to=Phase.RESULTS, by=admin, reason="Test")
    with pytest.raises(ValidationError, match="not open"):
        cast_ballot(fund_round=voting, voter=UserFactory(), choices=[1])


def test_nobody_votes_twice_online(voting) -> None:
    voter = UserFactory()
    cast_ballot(fund_round=voting, voter=voter, choices=[1])
    with pytest.raises(ValidationError, match="already voted"):
        cast_ballot(fund_round=voting, voter=voter, choices=[2])
    assert box_sizes(voting) == (1, 1, 1)


def test_online_after_paper_is_refused(voting) -> None:
    voter, worker = UserFactory(), UserFactory(poll_worker=True)
    code = enter_paper_ballot(fund_round=voting, voter=voter, choices=[3], poll_worker=worker)
    assert Receipt.objects.filter(code_hash=receipt_hash(code)).exists()
    with pytest.raises(ValidationError, match="on paper or by phone"):
        cast_ballot(fund_round=voting, voter=voter, choices=[1])
    assert box_sizes(voting) == (1, 1, 1)
    record = VoterRecord.objects.get(round=voting, voter=voter)
    assert (record.channel, record.recorded_by) == (Channel.PAPER, worker)


def test_paper_after_online_is_refused(voting) -> None:
    voter, worker = UserFactory(), UserFactory(poll_worker=True)
    cast_ballot(fund_round=voting, voter=voter, choices=[1])
    with pytest.raises(ValidationError, match="voted online cannot be entered on paper"):
        enter_paper_ballot(fund_round=voting, voter=voter, choices=[2], poll_worker=worker)
    assert box_sizes(voting) == (1, 1, 1)


def test_paper_entry_is_audited_without_the_choices(voting) -> None:
    voter, worker = UserFactory(), UserFactory(poll_worker=True)
    enter_paper_ballot(fund_round=voting, voter=voter, choices=[2], poll_worker=worker)
    entry = AuditEntry.objects.filter(action="fund_paper_ballot_entered").latest("pk")
    assert entry.actor_id == worker.pk and entry.subject_id == voter.pk
    assert "2" not in str(entry.detail.get("choices", "")) and "choices" not in entry.detail


def test_who_may_enter_paper_ballots(voting) -> None:
    # owner: a poll worker; member: a network manager; outsider: a resident
    for worker in (UserFactory(poll_worker=True), UserFactory(moderator=True)):
        enter_paper_ballot(fund_round=voting, voter=UserFactory(), choices=[1], poll_worker=worker)
    with pytest.raises(PermissionDenied):
        enter_paper_ballot(
            fund_round=voting, voter=UserFactory(), choices=[1], poll_worker=UserFactory()
        )
    assert box_sizes(voting) == (2, 2, 2)


def test_an_assisted_ballot_needs_the_persons_consent(voting) -> None:
    manager, person = UserFactory(moderator=True), UserFactory()
    # without consent: refused with the shared message, nothing stored
    with pytest.raises(PermissionDenied, match="has not given you a valid consent"):
        record_assisted_ballot(fund_round=voting, voter=person, choices=[1], by=manager)
    assert box_sizes(voting) == (0, 0, 0)
    # with consent: recorded, audited on behalf of the person
    consent = voting_consent(person=person, recorded_by=manager)
    record_assisted_ballot(fund_round=voting, voter=person, choices=[1], by=manager)
    record = VoterRecord.objects.get(round=voting, voter=person)
    assert (record.channel, record.consent, record.recorded_by) == (
        Channel.ASSISTED,
        consent,
        manager,
    )
    entry = AuditEntry.objects.filter(action="fund_assisted_ballot_recorded").latest("pk")
    assert entry.on_behalf_of_id == person.pk and "choices" not in entry.detail
    # a resident (not a network manager) cannot, even with a consent
    with pytest.raises(PermissionDenied):
        record_assisted_ballot(
            fund_round=voting, voter=UserFactory(), choices=[1], by=UserFactory()
        )
