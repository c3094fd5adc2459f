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
