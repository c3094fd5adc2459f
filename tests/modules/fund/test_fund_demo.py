"""The fund's demo: a year of fees, a finished round with a paid, reported winner, and a
round voting on three projects; a second load changes nothing."""

from __future__ import annotations

import pytest

from billing.fees import selectors as fees
from modules.fund.demo import FINISHED, VOTING, load_demo
from modules.fund.models import Ballot, ImpactReport, Payout, Phase, Round
from portal.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Round.objects.filter(slug__in=[FINISHED, VOTING]).count(),
        Ballot.objects.count(),
        Payout.objects.count(),
        ImpactReport.objects.count(),
        fees.fund_balance(),
    )


def test_the_demo_tells_a_whole_round_and_is_idempotent(in_town_a) -> None:
    # given an administrator, an organisation's representative and voters
    UserFactory(town_admin=True, email="demo-fund-admin@example.org")
    UserFactory(roles=[Role.RESIDENT, Role.ORGANISATION], email="demo-fund-org@example.org")
    for number in range(8):
        UserFactory(email=f"demo-fund-voter-{number}@example.org")
    # when the demo is loaded twice
    load_demo(town=in_town_a)
    first = _counts()
    load_demo(town=in_town_a)
    # then the second load changed nothing
    assert _counts() == first
    # and the finished round has a paid winner with its impact report
    finished = Round.objects.get(slug=FINISHED)
    assert finished.phase in (Phase.IMPACT, Phase.CLOSED)
    assert not Payout.objects.filter(round=finished, transferred_on__isnull=True).exists()
    payout = Payout.objects.filter(round=finished).select_related("proposal").get(rank=1)
    assert payout.proposal.ballot_number == 1 and payout.transferred_on is not None
    assert "Werkbank" in payout.impact_report.text
    # and the other round votes on three projects
    voting = Round.objects.get(slug=VOTING)
    assert voting.phase == Phase.VOTING
    assert voting.proposals.filter(ballot_number__isnull=False).count() == 3
    assert Ballot.objects.filter(round=voting).exists()
    # and the balance is real: the fees minus the payout
    assert fees.fund_balance() == fees.fund_contributions() - fees.fund_payouts_total() > 0
