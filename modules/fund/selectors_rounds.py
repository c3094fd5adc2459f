"""Reads of the fund's rounds for the public pages, the API and the management pages; each
costs a constant number of queries however many rounds, proposals and payouts there are."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from .models import ImpactPhoto, ImpactReport, Outcome, Payout, Phase, Proposal, Round

PAST = (Phase.RESULTS, Phase.PAYOUT, Phase.IMPACT, Phase.CLOSED)
PAST_ROUNDS = 50


def _payouts() -> Prefetch[str]:
    reports = ImpactReport.objects.filter(is_hidden=False).prefetch_related(
        Prefetch("photos", queryset=ImpactPhoto.objects.order_by("position", "id"))
    )
    return Prefetch(
        "payouts",
        queryset=Payout.objects.select_related("proposal__organisation")
        .prefetch_related(Prefetch("impact_report", queryset=reports))
        .order_by("rank"),
    )


def _shortlist() -> Prefetch[str]:
    return Prefetch(
        "proposals",
        queryset=Proposal.objects.filter(outcome=Outcome.SHORTLISTED, ballot_number__isnull=False)
        .select_related("organisation")
        .order_by("ballot_number"),
        to_attr="shortlist",
    )


def rounds_with_details() -> QuerySet[Round]:
    """Rounds with their shortlist (`round.shortlist`) and payouts with impact reports."""
    return Round.objects.prefetch_related(_shortlist(), _payouts())


def current_round() -> Round | None:
    """The round that runs now (the earliest not yet counted), with its shortlist."""
    return (
        rounds_with_details()
        .filter(phase__in=(Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING))
        .order_by("proposals_open_at")
        .first()
    )


def next_round() -> Round | None:
    """The next round scheduled, if any."""
    return Round.objects.filter(phase=Phase.SCHEDULED).order_by("proposals_open_at").first()


def voting_round() -> Round | None:
    """The round in its voting phase, if any (the home panel's "vote now")."""
    return Round.objects.filter(phase=Phase.VOTING).order_by("voting_ends_at").first()


def past_rounds(limit: int = PAST_ROUNDS) -> list[Round]:
    """The counted rounds, newest first, with winners and impact reports."""
    return list(rounds_with_details().filter(phase__in=PAST).order_by("-voting_ends_at")[:limit])


def all_rounds() -> list[Round]:
    """Every round, newest first (the list page and the API)."""
    return list(rounds_with_details().order_by("-proposals_open_at"))


def round_by_slug(slug: str) -> Round:
    """One round with its details; 404 if there is no such round in this town."""
    found = rounds_with_details().filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class Result:
    """A counted round's result, per shortlisted project in the ranking's order."""

    number: int
    title: str
    votes: int
    amount_cents: int
    paid_cents: int


def result_rows(fund_round: Round) -> list[Result]:
    """The counted round's projects in the ranking's order, with votes and payouts."""
    if fund_round.counted_at is None or not fund_round.ranking:
        return []
    by_number = {proposal.ballot_number: proposal for proposal in fund_round.shortlist}  # type: ignore[attr-defined]
    paid = {
        payout.proposal.ballot_number: payout.amount_cents for payout in fund_round.payouts.all()
    }
    counts = fund_round.counts or {}
    rows = []
    for number in fund_round.ranking:
        proposal = by_number.get(number)
        if proposal is None:
            continue
        rows.append(
            Result(
                number=number,
                title=proposal.title,
                votes=int(counts.get(str(number), 0)),
                amount_cents=proposal.amount_cents,
                paid_cents=paid.get(number, 0),
            )
        )
    return rows
