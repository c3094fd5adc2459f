"""TEMPORARY until the merge with part "vote": a local copy of `tally.allocate` and a
stand-in for `services.results.count_round`, as fixtures for part "rounds"' tests.
Delete the stand-ins at merge (the real modules then exist)."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

import pytest

from modules.fund.models import Round


def allocate(
    ranking: Sequence[int], amounts: Mapping[int, int], budget: int
) -> list[tuple[int, int]]:
    """The winner gets its asked amount capped at the budget, then the next in rank
    greedily while its asked amount fits the rest (part "vote"'s rule)."""
    result: list[tuple[int, int]] = []
    left = budget
    for index, number in enumerate(ranking):
        asked = amounts[number]
        if index == 0:
            cents = min(asked, left)
            if cents > 0:
                result.append((number, cents))
                left -= cents
        elif asked <= left:
            result.append((number, asked))
            left -= asked
    return result


@pytest.fixture
def local_tally(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if "modules.fund.tally" in sys.modules or _real_tally():
        yield
        return
    module = types.ModuleType("modules.fund.tally")
    module.allocate = allocate  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "modules.fund.tally", module)
    yield


def _real_tally() -> bool:
    import importlib.util

    return importlib.util.find_spec("modules.fund.tally") is not None


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


@pytest.fixture
def fake_count(monkeypatch: pytest.MonkeyPatch, local_tally: None) -> None:
    """Part "vote"'s count stands in for itself: no ballots, nothing to distribute."""
    monkeypatch.setattr("modules.fund.services.results.count_round", counted([], {}, 0))


def _count_the_box(*, fund_round: Round, now: datetime) -> list[str]:
    """A stand-in count from the ballot box (single and approval alike: one vote per choice;
    ties by the lower ballot number)."""
    from collections import Counter

    from billing.fees.selectors import fund_balance
    from modules.fund.models import Ballot, Channel, VoterRecord

    votes: Counter[int] = Counter()
    ballots = list(Ballot.objects.filter(round=fund_round).values_list("choices", flat=True))
    for choices in ballots:
        votes.update(choices)
    numbers = list(
        fund_round.proposals.filter(ballot_number__isnull=False).values_list(
            "ballot_number", flat=True
        )
    )
    fund_round.ranking = sorted(numbers, key=lambda n: (-votes[n], n))  # type: ignore[arg-type]
    fund_round.counts = {str(n): votes[n] for n in numbers}  # type: ignore[index]
    fund_round.amount_cents = fund_balance()
    fund_round.counted_at = now
    fund_round.ballots_count = len(ballots)
    register = VoterRecord.objects.filter(round=fund_round)
    fund_round.paper_count = register.filter(channel=Channel.PAPER).count()
    fund_round.assisted_count = register.filter(channel=Channel.ASSISTED).count()
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


def _cast_ballot(*, fund_round: Round, voter: object, choices: list[int]) -> str:
    """A stand-in cast_ballot: the register, the box and the receipt, nothing joining them."""
    import hashlib
    import secrets

    from modules.fund.models import Ballot, Channel, Receipt, VoterRecord

    code = secrets.token_hex(8)
    VoterRecord.objects.create(round=fund_round, voter=voter, channel=Channel.ONLINE)
    Ballot.objects.create(round=fund_round, choices=sorted(choices))
    Receipt.objects.create(round=fund_round, code_hash=hashlib.sha256(code.encode()).hexdigest())
    return code


@pytest.fixture
def vote_part(monkeypatch: pytest.MonkeyPatch, local_tally: None) -> None:
    """TEMPORARY until the merge: part "vote"'s cast_ballot and count_round stand in."""
    import importlib.util

    if importlib.util.find_spec("modules.fund.services.ballots") is None:
        module = types.ModuleType("modules.fund.services.ballots")
        module.cast_ballot = _cast_ballot  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "modules.fund.services.ballots", module)
        monkeypatch.setattr("modules.fund.services.results.count_round", _count_the_box)
