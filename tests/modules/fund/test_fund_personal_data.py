"""What the fund exports of a person and how deleting the account erases it: proposals
without a standing vote go, ballot proposals stay naming no one, the register keeps the
row without the person (the count stays), and no choice is ever exported."""

from __future__ import annotations

import pytest

from modules.fund.models import Declaration, Phase, Proposal, Recommendation, VoterRecord
from modules.fund.personal_data import FUND
from portal.accounts.models import Role
from tests.factories import UserFactory
from tests.factories.fund import ProposalFactory, RoundFactory, voting_round

pytestmark = pytest.mark.django_db


def _person_with_everything():  # type: ignore[no-untyped-def]
    person = UserFactory(roles=[Role.RESIDENT, Role.COMMITTEE], email="fund-pd@example.org")
    fund_round, (on_ballot, *_rest) = voting_round(projects=2)
    Proposal.objects.filter(pk=on_ballot.pk).update(proposer=person)
    loose = ProposalFactory(proposer=person, round=RoundFactory(phase=Phase.PROPOSALS))
    other = ProposalFactory(round=RoundFactory(phase=Phase.REVIEW))
    Recommendation.objects.create(proposal=other, member=person, verdict="recommend", reason="Gut")
    Declaration.objects.create(proposal=on_ballot, member=person, note="Nachbar")
    VoterRecord.objects.create(round=fund_round, voter=person, channel="online")
    return person, fund_round, on_ballot, loose


def test_the_export_has_proposals_recommendations_declarations_and_votes(in_town_a) -> None:
    person, fund_round, on_ballot, loose = _person_with_everything()
    data = FUND.export(person).data
    assert {p["title"] for p in data["proposals"]} == {on_ballot.title, loose.title}
    assert data["recommendations"][0]["reason"] == "Gut"
    assert data["declarations"][0]["note"] == "Nachbar"
    assert data["votes"] == [
        {
            "round__slug": fund_round.slug,
            "channel": "online",
            "recorded_at": data["votes"][0]["recorded_at"],
        }
    ]


def test_erasing_keeps_what_a_vote_stands_on_and_the_count(in_town_a) -> None:
    person, fund_round, on_ballot, loose = _person_with_everything()
    voters = VoterRecord.objects.filter(round=fund_round).count()
    FUND.erase(person)
    assert not Proposal.objects.filter(pk=loose.pk).exists()
    assert Proposal.objects.get(pk=on_ballot.pk).proposer is None
    assert not Recommendation.objects.filter(member=person).exists()
    assert not Declaration.objects.filter(member=person).exists()
    assert VoterRecord.objects.filter(round=fund_round).count() == voters
    assert not VoterRecord.objects.filter(voter=person).exists()
