"""Counting a round when voting closes: `advance_round` calls `count_round` on the step
VOTING -> RESULTS, inside its transaction with the round's row locked FOR UPDATE, so every
ballot cast (under a SHARE lock) is in and none can follow.

The count mixes the box once more (services.box) within its transaction: afterwards
neither the rows' physical order nor their system columns (xmin: the transaction that
wrote a row) tell when a ballot was cast, so they can no longer be matched with the
register's rows.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count

from billing.fees.selectors import fund_balance

from ..models import AmountMode, Ballot, Channel, Outcome, Proposal, Receipt, Round, VoterRecord
from ..tally import Option, digest, tally
from .box import mix_ballot_box


class CountMismatch(RuntimeError):
    """The box, the receipts and the register disagree: the count must not stand."""


def shortlist_options(fund_round: Round) -> list[Option]:
    """The round's ballot as tally options (ballot number, amount asked), by number."""
    rows = (
        Proposal.objects.filter(
            round=fund_round, outcome=Outcome.SHORTLISTED, ballot_number__isnull=False
        )
        .order_by("ballot_number")
        .values_list("ballot_number", "amount_cents")
    )
    return [Option(number or 0, amount) for number, amount in rows]


def count_round(*, fund_round: Round, now: datetime) -> list[str]:
    """Count the ballot box into the round's result fields; returns the fields it set."""
    ballots = list(Ballot.objects.filter(round=fund_round).order_by("id"))
    boxes = [tuple(ballot.choices) for ballot in ballots]
    receipts = Receipt.objects.filter(round=fund_round).count()
    channels = {channel: 0 for channel in Channel.values}
    for row in (
        VoterRecord.objects.filter(round=fund_round).values("channel").annotate(n=Count("id"))
    ):
        channels[row["channel"]] = row["n"]
    registered = sum(channels.values())
    if not len(boxes) == receipts == registered:
        raise CountMismatch(
            f"round {fund_round.slug}: {len(boxes)} ballots, {receipts} receipts, "
            f"{registered} voters in the register"
        )
    options = shortlist_options(fund_round)
    result = tally(boxes, options=options, tie_rule=fund_round.tie_rule)
    balance = fund_balance()
    if fund_round.amount_mode == AmountMode.FIXED:
        amount = min(fund_round.fixed_amount_cents, balance)
    else:
        amount = balance
    mix_ballot_box(fund_round=fund_round, force=True)
    fund_round.amount_cents = max(amount, 0)
    fund_round.counted_at = now
    fund_round.ballots_count = len(boxes)
    fund_round.paper_count = channels["paper"]
    fund_round.assisted_count = channels["assisted"]
    fund_round.counts = {str(number): votes for number, votes in result.counts.items()}
    fund_round.ranking = result.ranking
    fund_round.digest = digest(boxes)
    return [
        "amount_cents",
        "counted_at",
        "ballots_count",
        "paper_count",
        "assisted_count",
        "counts",
        "ranking",
        "digest",
    ]
