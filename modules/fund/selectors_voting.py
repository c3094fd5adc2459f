"""Reads of the vote: the ballot page's state, the published box and the receipt check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from portal.accounts.models import User

from .ballot_files import BoxFile, Project
from .models import Ballot, Outcome, Phase, Proposal, Receipt, Round, VoterRecord, phase_index
from .services.ballots import receipt_hash


def round_by_slug(slug: str) -> Round | None:
    return Round.objects.filter(slug=slug).first()


def is_counted(fund_round: Round) -> bool:
    """Whether the round's result (and so its box) is published."""
    return phase_index(fund_round.phase) >= phase_index(Phase.RESULTS) and (
        fund_round.counted_at is not None
    )


def ballot_projects(fund_round: Round) -> QuerySet[Proposal]:
    """The shortlist in ballot order, with the organisation (one query)."""
    return (
        Proposal.objects.filter(
            round=fund_round, outcome=Outcome.SHORTLISTED, ballot_number__isnull=False
        )
        .select_related("organisation")
        .order_by("ballot_number")
    )


@dataclass(frozen=True)
class MyVote:
    voted: bool
    channel: str = ""
    at: datetime | None = None


def my_vote(fund_round: Round, user: User) -> MyVote:
    """Whether `user` has voted in the round, how and when (from the register)."""
    record = (
        VoterRecord.objects.filter(round=fund_round, voter=user)
        .values_list("channel", "recorded_at")
        .first()
    )
    if record is None:
        return MyVote(voted=False)
    return MyVote(voted=True, channel=record[0], at=record[1])


def published_box(fund_round: Round) -> BoxFile:
    """The counted box in the order of the ballots' random keys (two queries)."""
    projects = [
        Project(p.ballot_number or 0, p.amount_cents, p.title) for p in ballot_projects(fund_round)
    ]
    ballots = [
        tuple(choices)
        for choices in Ballot.objects.filter(round=fund_round)
        .order_by("id")
        .values_list("choices", flat=True)
    ]
    meta = {
        "description": fund_round.title,
        "country": "Germany",
        "currency": "EUR",
        "instance": fund_round.slug,
        "budget": f"{(fund_round.amount_cents or 0) / 100:.2f}",
        "vote_type": "approval",
        "rule": "greedy",
        "min_length": "1",
        "max_length": str(fund_round.max_choices),
    }
    return BoxFile(projects=projects, ballots=ballots, tie_rule=fund_round.tie_rule, meta=meta)


def receipt_hashes(fund_round: Round) -> list[str]:
    return sorted(Receipt.objects.filter(round=fund_round).values_list("code_hash", flat=True))


def receipt_counted(fund_round: Round, code: str) -> bool:
    """Whether the receipt code's hash is in the round's box."""
    return Receipt.objects.filter(round=fund_round, code_hash=receipt_hash(code)).exists()
