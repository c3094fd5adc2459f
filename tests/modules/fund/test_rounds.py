"""A round's dates and phases: the town's time zone across daylight-saving changes, the
beat task one step at a time and forward only, refusals with clear messages, the schedule."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from modules.fund.models import FundSettings, Phase, PhaseChange, Round
from modules.fund.services import rounds
from modules.fund.services.rounds import advance_round, create_round, round_dates
from modules.fund.tasks import move_rounds
from portal.accounts.models import AuditEntry
from tests.factories import UserFactory
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")


def _settings(**fields: Any) -> FundSettings:
    row = FundSettings.stored()
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


def test_voting_closes_at_six_town_time_on_both_sides_of_the_spring_change(in_town_a) -> None:
    # given a schedule whose voting ends on the last Sunday of March 2026 (29 March)
    settings = FundSettings(proposal_days=10, review_days=5, voting_days=14, closing_hour=18)
    # when a round opens on 1 March (voting from 16 March, last day 29 March)
    dates = round_dates(opens_on=date(2026, 3, 1), settings=settings)
    # then voting closes at 18:00 in Berlin, which is 16:00 UTC after the change
    assert dates.voting_ends_at.astimezone(BERLIN).hour == 18
    assert dates.voting_ends_at.astimezone(UTC) == datetime(2026, 3, 29, 16, tzinfo=UTC)
    # and voting opened at midnight town time before the change (23:00 UTC the day before)
    assert dates.voting_starts_at.astimezone(UTC) == datetime(2026, 3, 15, 23, tzinfo=UTC)
    assert dates.proposals_open_at.astimezone(UTC) == datetime(2026, 2, 28, 23, tzinfo=UTC)


def test_voting_closes_at_six_town_time_on_both_sides_of_the_autumn_change(in_town_a) -> None:
    settings = FundSettings(proposal_days=10, review_days=5, voting_days=14, closing_hour=18)
    # voting from 12 October 2026, last day Sunday 25 October (the change)
    dates = round_dates(opens_on=date(2026, 9, 27), settings=settings)
    assert dates.voting_starts_at.astimezone(UTC) == datetime(2026, 10, 11, 22, tzinfo=UTC)
    assert dates.voting_ends_at.astimezone(UTC) == datetime(2026, 10, 25, 17, tzinfo=UTC)
    assert dates.voting_ends_at.astimezone(BERLIN).hour == 18


def test_the_task_closes_voting_at_six_town_time_across_the_change(
    in_town_a, django_capture_on_commit_callbacks
) -> None:
    # given a round voting until Sunday 29 March 2026 at 18:00 Berlin (16:00 UTC)
    _settings(auto_rounds=False)
    fund_round = RoundFactory(
        phase=Phase.VOTING,
        proposals_open_at=datetime(2026, 2, 1, tzinfo=BERLIN),
        review_starts_at=datetime(2026, 3, 1, tzinfo=BERLIN),
        voting_starts_at=datetime(2026, 3, 16, tzinfo=BERLIN),
        voting_ends_at=datetime(2026, 3, 29, 18, tzinfo=BERLIN),
    )
    shortlist(fund_round, [ProposalFactory(round=fund_round)])
    # when the task runs at 15:59 UTC (17:59 in Berlin, summer time): voting stays open
    with time_machine.travel(datetime(2026, 3, 29, 15, 59, tzinfo=UTC), tick=False):
        assert move_rounds.apply().get() == 0
    fund_round.refresh_from_db()
    assert fund_round.phase == Phase.VOTING
    # at 16:00 UTC (18:00 in Berlin) it is counted and goes on to the payout, one step each
    with time_machine.travel(datetime(2026, 3, 29, 16, 0, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            steps = move_rounds.apply().get()
        # and a second run at the same moment does nothing
        assert move_rounds.apply().get() == 0
    fund_round.refresh_from_db()
    assert steps >= 2 and fund_round.phase in (Phase.IMPACT, Phase.CLOSED)
    entered = list(fund_round.phase_changes.values_list("from_phase", "to_phase"))
    assert entered[0] == (Phase.VOTING, Phase.RESULTS)
    assert entered[1] == (Phase.RESULTS, Phase.PAYOUT)
    assert fund_round.counted_at == datetime(2026, 3, 29, 16, tzinfo=UTC)


def test_each_phase_is_entered_once_one_step_at_a_time(in_town_a) -> None:
    # given a round waiting for its proposals
    admin = UserFactory(town_admin=True)
    fund_round = RoundFactory(phase=Phase.SCHEDULED)
    # when the administrator moves it on by hand
    advance_round(fund_round=fund_round, to=Phase.PROPOSALS, by=admin, reason="früher")
    # then it is in the next phase, one step stored, audited with the reason
    fund_round.refresh_from_db()
    assert fund_round.phase == Phase.PROPOSALS
    change = PhaseChange.objects.get(round=fund_round)
    assert (change.from_phase, change.to_phase, change.by, change.reason) == (
        Phase.SCHEDULED,
        Phase.PROPOSALS,
        admin,
        "früher",
    )
    assert AuditEntry.objects.filter(action="fund_round_moved", actor=admin).exists()
    # and the published date says when it happened (earlier than planned)
    assert fund_round.proposals_open_at <= change.at


@pytest.mark.parametrize(
    ("start", "to", "message"),
    [
        (Phase.PROPOSALS, Phase.SCHEDULED, "only moves forward"),
        (Phase.PROPOSALS, Phase.PROPOSALS, "only moves forward"),
        (Phase.PROPOSALS, Phase.VOTING, "one phase at a time"),
        (Phase.REVIEW, Phase.VOTING, "closed the review"),
        (Phase.PROPOSALS, "nonsense", "no such phase"),
    ],
)
def test_refused_moves_say_why_and_change_nothing(in_town_a, start, to, message) -> None:
    # given a round and an administrator
    admin = UserFactory(town_admin=True)
    fund_round = RoundFactory(phase=start)
    before = Round.objects.filter(pk=fund_round.pk).values().get()
    # when a refused step is asked for
    with pytest.raises(ValidationError) as refused:
        advance_round(fund_round=fund_round, to=to, by=admin, reason="x")
    # then the message says why and nothing changed
    assert message in " ".join(refused.value.messages)
    assert Round.objects.filter(pk=fund_round.pk).values().get() == before
    assert not PhaseChange.objects.filter(round=fund_round).exists()
    assert not AuditEntry.objects.filter(action="fund_round_moved", actor=admin).exists()


def test_only_an_administrator_moves_a_round_by_hand(in_town_a) -> None:
    fund_round = RoundFactory(phase=Phase.SCHEDULED)
    for person in (UserFactory(), UserFactory(committee_chair=True)):
        with pytest.raises(ValidationError):
            advance_round(fund_round=fund_round, to=Phase.PROPOSALS, by=person)
    fund_round.refresh_from_db()
    assert fund_round.phase == Phase.SCHEDULED


def test_the_database_refuses_a_phase_entered_twice(in_town_a) -> None:
    from django.db import IntegrityError, transaction

    fund_round = RoundFactory(phase=Phase.PROPOSALS)
    PhaseChange.objects.create(round=fund_round, from_phase="scheduled", to_phase="proposals")
    with pytest.raises(IntegrityError), transaction.atomic():
        PhaseChange.objects.create(round=fund_round, from_phase="scheduled", to_phase="proposals")


def test_review_waits_for_the_chair_then_votes(
    in_town_a, django_capture_on_commit_callbacks
) -> None:
    # given a round whose voting date has come but the chair has not closed the review
    _settings(auto_rounds=False)
    fund_round = RoundFactory(phase=Phase.REVIEW)
    fund_round.voting_starts_at = fund_round.review_starts_at + timedelta(hours=1)
    fund_round.save()
    # when the task runs: the round stays in review
    assert move_rounds.apply().get() == 0
    fund_round.refresh_from_db()
    assert fund_round.phase == Phase.REVIEW
    # once the chair has closed it, the next run opens voting
    shortlist(fund_round, [ProposalFactory(round=fund_round)])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert move_rounds.apply().get() == 1
    fund_round.refresh_from_db()
    assert fund_round.phase == Phase.VOTING
    assert callbacks  # the voting-open message is queued after the commit


def test_entering_review_tells_the_committee_after_the_commit(
    in_town_a, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    told: list[Round] = []
    monkeypatch.setattr(rounds, "_tell_committee", told.append)
    fund_round = RoundFactory(phase=Phase.PROPOSALS)
    with django_capture_on_commit_callbacks(execute=True):
        advance_round(fund_round=fund_round, to=Phase.REVIEW, by=UserFactory(town_admin=True))
    assert [r.pk for r in told] == [fund_round.pk]


def test_the_schedule_starts_a_round_when_none_runs(in_town_a) -> None:
    # given a town on a schedule with no running round
    _settings(auto_rounds=True, round_months=4)
    Round.objects.filter(phase__in=rounds.RUNNING).update(phase=Phase.CLOSED)
    now = datetime(2026, 5, 4, 10, tzinfo=BERLIN)
    # when the schedule is asked
    started = rounds.start_scheduled_round(now=now)
    # then a round opens today for proposals, and a second call starts none
    assert started is not None and started.phase == Phase.PROPOSALS
    assert started.proposals_open_at.astimezone(BERLIN).date() <= date(2026, 5, 4)
    assert rounds.start_scheduled_round(now=now) is None
    # and its next round would open four months after it
    started.phase = Phase.CLOSED
    started.save()
    later = rounds.start_scheduled_round(now=now)
    assert later is not None and later.phase == Phase.SCHEDULED
    assert later.proposals_open_at.astimezone(BERLIN).date() == date(2026, 9, 4)


def test_no_round_starts_by_itself_when_the_town_says_no(in_town_a) -> None:
    _settings(auto_rounds=False)
    Round.objects.filter(phase__in=rounds.RUNNING).update(phase=Phase.CLOSED)
    assert rounds.start_scheduled_round(now=datetime(2026, 5, 4, tzinfo=BERLIN)) is None


def test_create_round_copies_the_rules_and_numbers_the_year(in_town_a) -> None:
    _settings(method="approval", max_choices=3, shortlist_size=5, closing_hour=20)
    first = create_round(opens_on=date(2031, 1, 10))
    second = create_round(opens_on=date(2031, 6, 10))
    assert (first.slug, second.slug) == ("2031-1", "2031-2")
    assert (first.method, first.max_choices, first.shortlist_size) == ("approval", 3, 5)
    assert first.voting_ends_at.astimezone(BERLIN).hour == 20
