"""The LQ Fonds' open-format downloads: its history as spreadsheets (CSV).

- rounds: every round the public sees, with its dates, rules and result figures;
- projects: every public proposal with the committee's decision, its votes and what it was
  paid (the proposer is named only through an organisation: a resident's name stays out);
- balance: the fund's account per month from the ledger (fees in, payouts, balance).
The secret vote stays secret: the ballot box is published per round already (ballots.csv),
the register of who voted is never in a file."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from billing.fees.selectors import fund_months
from portal.csv_cells import csv_stream, euros
from portal.registry import OpenDownload

from .models import Outcome, Payout, Phase, Proposal, Round, VoteMethod
from .selectors_proposals import public_proposals

CHUNK = 500
CSV = "text/csv; charset=utf-8"


def rounds_csv(base_url: str) -> Iterator[bytes]:
    """One row per round (those not open yet left out), oldest first."""
    header = [
        _("Round"),
        _("Short name"),
        _("Phase"),
        _("Proposals open"),
        _("Committee review starts"),
        _("Voting starts"),
        _("Voting ends"),
        _("Voting method"),
        _("Projects a voter may choose"),
        _("Amount distributed (euros)"),
        _("Counted on"),
        _("Ballots"),
        _("Of them on paper"),
        _("Of them by phone"),
        _("Checksum of the ballot box (SHA-256)"),
        _("Page on the portal"),
    ]
    phases, methods = dict(Phase.choices), dict(VoteMethod.choices)
    rounds = Round.objects.exclude(phase=Phase.SCHEDULED).order_by("proposals_open_at", "pk")
    rows = (
        [
            fund_round.title,
            fund_round.slug,
            phases.get(fund_round.phase, fund_round.phase),
            fund_round.proposals_open_at,
            fund_round.review_starts_at,
            fund_round.voting_starts_at,
            fund_round.voting_ends_at,
            methods.get(fund_round.method, fund_round.method),
            fund_round.max_choices,
            euros(fund_round.amount_cents),
            fund_round.counted_at,
            fund_round.ballots_count,
            fund_round.paper_count,
            fund_round.assisted_count,
            fund_round.digest,
            base_url + reverse("fund:round", args=[fund_round.slug]),
        ]
        for fund_round in rounds.iterator(chunk_size=CHUNK)
    )
    return csv_stream(header, rows)


def _payout_of(proposal: Proposal) -> Payout | None:
    try:
        return proposal.payout
    except ObjectDoesNotExist:
        return None


def _result(proposal: Proposal) -> tuple[int | None, int | None]:
    """(votes, place) of a shortlisted proposal in a counted round, else (None, None)."""
    fund_round, number = proposal.round, proposal.ballot_number
    if fund_round.counted_at is None or number is None:
        return None, None
    votes = int((fund_round.counts or {}).get(str(number), 0))
    ranking = list(fund_round.ranking or [])
    return votes, (ranking.index(number) + 1 if number in ranking else None)


def projects_csv(base_url: str) -> Iterator[bytes]:
    """One row per public proposal, by round and ballot number."""
    header = [
        _("Round"),
        _("Short name of the round"),
        _("Project"),
        _("Summary"),
        _("Description"),
        _("Who benefits"),
        _("Organisation"),
        _("Amount asked for (euros)"),
        _("Committee's decision"),
        _("Reason"),
        _("Ballot number"),
        _("Votes"),
        _("Rank"),
        _("Paid out (euros)"),
        _("Date of the bank transfer"),
        _("Page on the portal"),
    ]
    outcomes = dict(Outcome.choices)
    proposals = (
        public_proposals()
        .exclude(round__phase=Phase.SCHEDULED)
        .select_related("payout")
        .order_by("round__proposals_open_at", "round_id", "ballot_number", "submitted_at", "pk")
    )

    def row(proposal: Proposal) -> list[object]:
        votes, place = _result(proposal)
        payout = _payout_of(proposal)
        organisation = proposal.organisation
        return [
            proposal.round.title,
            proposal.round.slug,
            proposal.title,
            proposal.summary,
            proposal.description,
            proposal.beneficiaries,
            organisation.name if organisation is not None and organisation.is_public else "",
            euros(proposal.amount_cents),
            outcomes.get(proposal.outcome, proposal.outcome),
            proposal.outcome_reason,
            proposal.ballot_number,
            votes,
            place,
            euros(payout.amount_cents) if payout is not None else None,
            payout.transferred_on if payout is not None else None,
            base_url + reverse("fund:proposal", args=[proposal.public_id]),
        ]

    rows = (row(proposal) for proposal in proposals.iterator(chunk_size=CHUNK))
    return csv_stream(header, rows)  # type: ignore[arg-type]


def balance_csv(base_url: str) -> Iterator[bytes]:
    """The fund's account per month, oldest first (one grouped query on the ledger)."""
    header = [
        _("Month"),
        _("Fees from orders (euros)"),
        _("Paid out to projects (euros)"),
        _("Other postings (euros)"),
        _("Balance at the end of the month (euros)"),
    ]
    rows = (
        [
            month.month.strftime("%Y-%m"),
            euros(month.fees_cents),
            euros(month.payouts_cents),
            euros(month.other_cents),
            euros(month.balance_cents),
        ]
        for month in fund_months()
    )
    return csv_stream(header, rows)


OPEN_DOWNLOADS = (
    OpenDownload(
        key="rounds",
        title=gettext_lazy("Fund rounds (CSV)"),
        filename="fund-rounds.csv",
        media_type=CSV,
        writer=rounds_csv,
        description=gettext_lazy("Every round with its dates, rules and result figures."),
    ),
    OpenDownload(
        key="projects",
        title=gettext_lazy("Fund projects and results (CSV)"),
        filename="fund-projects.csv",
        media_type=CSV,
        writer=projects_csv,
        description=gettext_lazy(
            "Every public proposal with the committee's decision, its votes and the payout."
        ),
    ),
    OpenDownload(
        key="balance",
        title=gettext_lazy("Fund balance per month (CSV)"),
        filename="fund-balance.csv",
        media_type=CSV,
        writer=balance_csv,
        description=gettext_lazy("Fees received, payouts and the balance, month by month."),
    ),
)
