"""Counting a ballot box, without the database: the tally, its digest and the allocation.

Pure functions, so that anyone can recount a round from its published ballots with the
same code (`ops/fund_recount.py` imports this file alone).

**The canonical form of a ballot box** (what `digest` hashes, defined here once): each
ballot is one line, its ballot numbers in ascending order written in decimal and joined by
";" and ended by a line feed ("1;3\\n", "2\\n"); the lines are sorted as text (so the
order in which the ballots were cast or published does not matter) and joined; the digest
is the SHA-256 of those bytes (UTF-8, plain ASCII in fact), written in lower-case hex.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# The values of models.TieRule, repeated here so that this file needs no Django.
SMALLER_AMOUNT = "smaller_amount"
BALLOT_NUMBER = "ballot_number"
TIE_RULES = (SMALLER_AMOUNT, BALLOT_NUMBER)


@dataclass(frozen=True)
class Option:
    """A project on the ballot: its ballot number and the amount it asks for."""

    number: int
    amount_cents: int


@dataclass(frozen=True)
class Tally:
    """Votes per ballot number, the ranking (best first) and how many ballots were counted."""

    counts: dict[int, int]
    ranking: list[int]
    ballots: int


def canonical_line(choices: Iterable[int]) -> str:
    """One ballot in the canonical form: "1;3\\n"."""
    return ";".join(str(number) for number in sorted(choices)) + "\n"


def canonical_text(ballots: Iterable[Sequence[int]]) -> str:
    """The whole box in the canonical form (sorted lines)."""
    return "".join(sorted(canonical_line(choices) for choices in ballots))


def digest(ballots: Iterable[Sequence[int]]) -> str:
    """The SHA-256 hex of the box's canonical form: equal for equal boxes in any order."""
    return hashlib.sha256(canonical_text(ballots).encode("ascii")).hexdigest()


def tally(ballots: Iterable[Sequence[int]], *, options: Sequence[Option], tie_rule: str) -> Tally:
    """Count `ballots` over `options`. More votes rank higher; a tie is broken by
    `tie_rule`: SMALLER_AMOUNT (less money asked first, then the lower ballot number) or
    BALLOT_NUMBER (the lower ballot number). A number not on the ballot is an error."""
    if tie_rule not in TIE_RULES:
        raise ValueError(f"unknown tie rule {tie_rule!r}")
    counts = {option.number: 0 for option in options}
    amounts = {option.number: option.amount_cents for option in options}
    total = 0
    for choices in ballots:
        total += 1
        for number in set(choices):
            if number not in counts:
                raise ValueError(f"ballot number {number} is not on the ballot")
            counts[number] += 1

    def key(number: int) -> tuple[int, int, int]:
        tie = amounts[number] if tie_rule == SMALLER_AMOUNT else 0
        return (-counts[number], tie, number)

    return Tally(counts=counts, ranking=sorted(counts, key=key), ballots=total)


def allocate(ranking: Sequence[int], amounts: dict[int, int], budget: int) -> list[tuple[int, int]]:
    """Who gets what: the winner its asked amount (at most the budget), then each next one
    in rank order whose asked amount fits what is left; the rest stays in the fund.
    Returns (ballot number, cents) in rank order."""
    left = max(budget, 0)
    funded: list[tuple[int, int]] = []
    for position, number in enumerate(ranking):
        asked = amounts[number]
        if position == 0:
            granted = min(asked, left)
        elif asked <= left:
            granted = asked
        else:
            continue
        if granted > 0:
            funded.append((number, granted))
            left -= granted
    return funded


def voted_ranking(ranking: Sequence[int], counts: Mapping[int, int]) -> list[int]:
    """The ranking without the projects nobody voted for: they win no money, whatever is
    left (the payouts and the result notice allocate over this)."""
    return [number for number in ranking if counts.get(number, 0) > 0]


def stored_counts(counts: Mapping[str, int] | None) -> dict[int, int]:
    """A round's stored counts (JSON: ballot numbers as text) with numbers as keys."""
    return {int(number): votes for number, votes in (counts or {}).items()}
