"""A counted round with a chosen result, for the payout tests: `counted(ranking, counts,
amount)` replaces `services.results.count_round` so a test can state the result it pays
out instead of casting a ballot box to reach it (the real count is tested in
test_results.py and test_tally.py)."""

from __future__ import annotations

from datetime import datetime

from modules.fund.models import Round


def counted(ranking: list[int], counts: dict[str, int], amount_cents: int):  # type: ignore[no-untyped-def]
    """A stand-in count_round that writes the given result."""

    def count_round(*, fund_round: Round, now: datetime) -> list[str]:
        fund_round.amount_cents = amount_cents
        fund_round.counted_at = now
        fund_round.ballots_count = sum(counts.values())
        fund_round.paper_count = fund_round.assisted_count = 0
        fund_round.counts = counts
        fund_round.ranking = ranking
        fund_round.digest = "0" * 64
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

    return count_round
