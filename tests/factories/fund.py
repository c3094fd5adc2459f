"""Factories of the LQ Fonds; use them inside a town (in_town_a / in_town_b).

`RoundFactory(phase=Phase.VOTING)` gives a round whose dates agree with its phase (the
phase's window contains now); `shortlist(round, proposals)` closes its review with them on
the ballot, numbered 1, 2, ... in the order given."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import factory
from django.utils import timezone

from modules.fund.models import Outcome, Phase, Proposal, Round, VoteMethod
from portal.accounts.models import User
from portal.moderation.models import ReviewStatus

from . import UserFactory

DAY = timedelta(days=1)

# Where now falls for each phase: the offsets (in days from now) of the four boundaries.
_OFFSETS: dict[str, tuple[int, int, int, int]] = {
    Phase.SCHEDULED: (5, 40, 50, 60),
    Phase.PROPOSALS: (-5, 30, 40, 50),
    Phase.REVIEW: (-40, -5, 10, 20),
    Phase.VOTING: (-50, -20, -5, 9),
    Phase.RESULTS: (-60, -30, -20, -1),
    Phase.PAYOUT: (-60, -30, -20, -2),
    Phase.IMPACT: (-70, -40, -30, -10),
    Phase.CLOSED: (-200, -170, -160, -150),
}


def _at(phase: str, index: int) -> datetime:
    return timezone.now() + _OFFSETS[phase][index] * DAY


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    slug = factory.Sequence(lambda n: f"2026-t{n}")
    title = factory.Sequence(lambda n: f"Testrunde {n}")
    phase = Phase.PROPOSALS
    proposals_open_at = factory.LazyAttribute(lambda o: _at(o.phase, 0))
    review_starts_at = factory.LazyAttribute(lambda o: _at(o.phase, 1))
    voting_starts_at = factory.LazyAttribute(lambda o: _at(o.phase, 2))
    voting_ends_at = factory.LazyAttribute(lambda o: _at(o.phase, 3))
    method = VoteMethod.SINGLE
    max_choices = 1
    shortlist_size = 3


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    round = factory.SubFactory(RoundFactory)
    proposer = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Neue Bank am Spielplatz {n}")
    summary = "Eine Sitzbank für die Großeltern am Spielplatz."
    description = "Die alte Bank ist morsch. Wir bauen mit dem Repair-Café eine neue."
    amount_cents = 150_000
    beneficiaries = "Familien und ältere Menschen im Ort"
    # Approved by the moderators: a proposal on a ballot is public.
    status = ReviewStatus.APPROVED


def shortlist(
    fund_round: Round, proposals: Sequence[Proposal], *, chair: User | None = None
) -> Round:
    """Close the round's review with `proposals` on the ballot, numbered in their order
    (without the service's checks: for tests that start at the vote)."""
    for number, proposal in enumerate(proposals, start=1):
        proposal.outcome = Outcome.SHORTLISTED
        proposal.ballot_number = number
        proposal.save(update_fields=["outcome", "ballot_number"])
    fund_round.review_closed_at = timezone.now()
    fund_round.review_closed_by = chair
    fund_round.save(update_fields=["review_closed_at", "review_closed_by"])
    return fund_round


def voting_round(*, projects: int = 3, **fields: object) -> tuple[Round, list[Proposal]]:
    """A round in its voting phase with `projects` proposals on the ballot (1, 2, 3...)."""
    fund_round = RoundFactory(phase=Phase.VOTING, **fields)
    proposals = [
        ProposalFactory(round=fund_round, amount_cents=100_000 * (index + 1))
        for index in range(projects)
    ]
    return shortlist(fund_round, proposals), proposals
