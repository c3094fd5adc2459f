"""The count when voting closes: the result fields, the amount to distribute, and a box
that disagrees with its receipts or register stops the count."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from billing.fees import selectors as fees
from billing.fees import services as fee_services
from modules.fund.models import AmountMode, Ballot, Phase, Round
from modules.fund.services.ballots import cast_ballot, record_assisted_ballot
from modules.fund.services.results import CountMismatch, count_round
from modules.fund.services.rounds import advance_round
from tests.factories import UserFactory
from tests.factories.fund import voting_round

from .ballots_setup import voting_consent

pytestmark = pytest.mark.django_db


def _close(fund_round: Round) -> Round:
    advance_round(fund_round=fund_round, to=Phase.RESULTS, by=UserFactory(town_admin=True))
    fund_round.refresh_from_db()
    return fund_round


def test_the_count_writes_the_result(in_town_a: Any) -> None:
    # given a round with three ballots, one given by phone
    fund_round, _ = voting_round(projects=3)
    for number in (3, 3):
        cast_ballot(fund_round=fund_round, voter=UserFactory(), choices=[number])
    manager, person = UserFactory(moderator=True), UserFactory()
    voting_consent(person=person, recorded_by=manager)
    record_assisted_ballot(fund_round=fund_round, voter=person, choices=[1], by=manager)
    # when voting closes
    fund_round = _close(fund_round)
    # then the result is the hand count
    assert fund_round.counts == {"1": 1, "2": 0, "3": 2}
    assert fund_round.ranking == [3, 1, 2]
    assert (fund_round.ballots_count, fund_round.paper_count, fund_round.assisted_count) == (
        3,
        0,
        1,
    )
    assert fund_round.counted_at is not None and len(fund_round.digest) == 64
    assert fund_round.amount_cents == fees.fund_balance()


def test_the_balance_or_a_fixed_sum_at_most_the_balance(in_town_a: Any) -> None:
    fee_services.post_order_fee(
        order_key=f"fund-count-{uuid.uuid4()}", provider_key="maler", amount_cents=5000
    )
    balance = fees.fund_balance()
    small, _ = voting_round(amount_mode=AmountMode.FIXED, fixed_amount_cents=1000)
    big, _ = voting_round(amount_mode=AmountMode.FIXED, fixed_amount_cents=balance + 1)
    whole, _ = voting_round(amount_mode=AmountMode.BALANCE)
    assert _close(small).amount_cents == 1000
    assert _close(big).amount_cents == balance
    assert _close(whole).amount_cents == balance


def test_a_box_that_disagrees_with_the_register_stops_the_count(in_town_a: Any) -> None:
    fund_round, _ = voting_round(projects=2)
    cast_ballot(fund_round=fund_round, voter=UserFactory(), choices=[1])
    Ballot.objects.create(round=fund_round, choices=[2])  # slipped in without a voter
    with pytest.raises(CountMismatch, match="2 ballots, 1 receipts, 1 voters"):
        count_round(fund_round=fund_round, now=fund_round.voting_ends_at)
