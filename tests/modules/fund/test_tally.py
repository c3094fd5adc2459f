"""The tally, digest and allocation against hand-counted boxes, and their properties."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modules.fund.ballot_files import BoxFile, Project, read_ballots, write_csv, write_pabulib
from modules.fund.tally import (
    BALLOT_NUMBER,
    SMALLER_AMOUNT,
    Option,
    allocate,
    canonical_text,
    digest,
    tally,
)

OPTIONS = [Option(1, 300_000), Option(2, 100_000), Option(3, 200_000)]


def test_single_votes_are_counted_and_ranked() -> None:
    # given five one-vote ballots
    ballots = [(2,), (1,), (2,), (3,), (2,)]
    # when they are counted
    result = tally(ballots, options=OPTIONS, tie_rule=SMALLER_AMOUNT)
    # then the counts are the hand count and 2 wins
    assert result.counts == {1: 1, 2: 3, 3: 1}
    assert result.ranking == [2, 3, 1]  # 3 and 1 tie: 3 asks for less
    assert result.ballots == 5


def test_approval_votes_count_each_choice_once() -> None:
    ballots = [(1, 3), (3,), (1, 2), (1, 3)]
    result = tally(ballots, options=OPTIONS, tie_rule=SMALLER_AMOUNT)
    assert result.counts == {1: 3, 2: 1, 3: 3}
    assert result.ranking == [3, 1, 2]  # 1 and 3 tie on 3 votes: 3 asks for less


def test_a_tie_by_ballot_number_goes_to_the_lower_number() -> None:
    ballots = [(1, 3), (3,), (1, 2), (1, 3)]
    result = tally(ballots, options=OPTIONS, tie_rule=BALLOT_NUMBER)
    assert result.ranking == [1, 3, 2]


def test_a_tie_on_votes_and_amount_goes_to_the_lower_number() -> None:
    options = [Option(1, 5000), Option(2, 5000)]
    result = tally([(2,), (1,)], options=options, tie_rule=SMALLER_AMOUNT)
    assert result.ranking == [1, 2]


def test_an_empty_box_counts_nothing() -> None:
    result = tally([], options=OPTIONS, tie_rule=SMALLER_AMOUNT)
    assert result.counts == {1: 0, 2: 0, 3: 0}
    assert result.ballots == 0


def test_a_number_off_the_ballot_or_an_unknown_rule_is_an_error() -> None:
    with pytest.raises(ValueError, match="not on the ballot"):
        tally([(4,)], options=OPTIONS, tie_rule=SMALLER_AMOUNT)
    with pytest.raises(ValueError, match="tie rule"):
        tally([(1,)], options=OPTIONS, tie_rule="coin")


def test_the_canonical_form_and_digest_are_as_documented() -> None:
    ballots = [(3, 1), (2,), (1, 3)]
    assert canonical_text(ballots) == "1;3\n1;3\n2\n"
    import hashlib

    assert digest(ballots) == hashlib.sha256(b"1;3\n1;3\n2\n").hexdigest()


def test_allocate_gives_the_winner_then_whoever_fits() -> None:
    amounts = {1: 300_000, 2: 100_000, 3: 250_000, 4: 50_000}
    # 400k: 1 gets 300k, 2 fits (100k), 3 does not, 4 does not (0 left)
    assert allocate([1, 2, 3, 4], amounts, 400_000) == [(1, 300_000), (2, 100_000)]
    # the next that does not fit is skipped, a later smaller one may still fit
    assert allocate([1, 3, 4], amounts, 400_000) == [(1, 300_000), (4, 50_000)]
    # the winner is capped at the budget
    assert allocate([1, 2], amounts, 120_000) == [(1, 120_000)]
    assert allocate([1], amounts, 0) == []


ballot = st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=3, unique=True)


@settings(max_examples=50, deadline=None)
@given(st.lists(ballot, max_size=60), st.sampled_from([SMALLER_AMOUNT, BALLOT_NUMBER]))
def test_tally_is_order_independent_and_adds_up(ballots: list[list[int]], rule: str) -> None:
    shuffled = list(ballots)
    random.Random(len(ballots)).shuffle(shuffled)
    boxes = [tuple(b) for b in ballots]
    first = tally(boxes, options=OPTIONS, tie_rule=rule)
    second = tally([tuple(b) for b in shuffled], options=OPTIONS, tie_rule=rule)
    assert first == second
    assert sum(first.counts.values()) == sum(len(b) for b in ballots)
    assert first.ballots == len(ballots)
    assert sorted(first.ranking) == [1, 2, 3]
    assert digest(boxes) == digest(shuffled)


@settings(max_examples=50, deadline=None)
@given(st.lists(ballot, max_size=60), st.text(max_size=30))
def test_export_then_parse_keeps_the_digest(ballots: list[list[int]], title: str) -> None:
    title = title.replace("\x00", "")
    box = BoxFile(
        projects=[Project(o.number, o.amount_cents, f"{title} {o.number}") for o in OPTIONS],
        ballots=[tuple(sorted(b)) for b in ballots],
        tie_rule=SMALLER_AMOUNT,
    )
    for text in (write_csv(box), write_pabulib(box)):
        parsed = read_ballots(text)
        assert digest(parsed.ballots) == digest(box.ballots)
        assert [p.number for p in parsed.projects] == [1, 2, 3]
        assert [p.amount_cents for p in parsed.projects] == [o.amount_cents for o in OPTIONS]


def test_a_csv_whose_first_project_is_named_meta_is_still_a_csv() -> None:
    box = BoxFile(projects=[Project(1, 100, "META")], ballots=[(1,)], tie_rule=SMALLER_AMOUNT)
    parsed = read_ballots(write_csv(box))
    assert parsed.ballots == [(1,)] and parsed.projects[0].title == "META"
