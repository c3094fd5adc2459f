"""The fund fee rule: flat or percentage with minimum and maximum, integer cents, rounding
half up, and every bad rule refused with a plain message."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.fees.rules import (
    MAX_BASIS_POINTS,
    MAX_DECLARED_VALUE_CENTS,
    MAX_FEE_CENTS,
    FeeDue,
    FeeKind,
    FeeRule,
    fee_for,
)


def test_a_flat_fee_is_the_same_for_every_order():
    rule = FeeRule(kind=FeeKind.FLAT, flat_cents=250, due=FeeDue.CONFIRMATION)
    assert fee_for(rule) == 250
    assert fee_for(rule, 1_000_00) == 250
    assert not rule.needs_declared_value


def test_a_percentage_fee_is_a_share_of_the_declared_value():
    # 5 % of 123.00 EUR
    rule = FeeRule(kind=FeeKind.PERCENTAGE, basis_points=500)
    assert fee_for(rule, 12_300) == 615
    assert rule.needs_declared_value and rule.due == FeeDue.COMPLETION


@pytest.mark.parametrize(
    ("basis_points", "value", "fee"),
    [
        (250, 20, 1),  # 2.5 % of 20 ct = 0.5 ct -> rounds up to 1
        (250, 19, 0),  # 0.475 ct -> 0
        (333, 150, 5),  # 4.995 ct -> 5
        (333, 135, 4),  # 4.4955 ct -> 4
        (1, 5_000, 1),  # 0.01 % of 50 EUR = 0.5 ct -> 1
        (1, 4_999, 0),  # 0.4999 ct -> 0
        (500, 0, 0),
    ],
)
def test_percentage_fees_round_half_up_to_whole_cents(basis_points: int, value: int, fee: int):
    rule = FeeRule(kind=FeeKind.PERCENTAGE, basis_points=basis_points)
    assert fee_for(rule, value) == fee


def test_the_minimum_and_maximum_bound_a_percentage_fee():
    rule = FeeRule(
        kind=FeeKind.PERCENTAGE, basis_points=300, minimum_cents=100, maximum_cents=2_000
    )
    assert fee_for(rule, 1_000) == 100  # 30 ct -> the minimum 1 EUR
    assert fee_for(rule, 10_000) == 300  # 3 EUR
    assert fee_for(rule, 1_000_000) == 2_000  # 300 EUR -> capped at 20 EUR
    assert fee_for(rule, 0) == 100


def test_a_zero_percentage_with_a_minimum_charges_the_minimum():
    rule = FeeRule(kind=FeeKind.PERCENTAGE, basis_points=0, minimum_cents=50)
    assert fee_for(rule, 99_999) == 50


def test_a_percentage_fee_without_a_declared_value_is_refused():
    rule = FeeRule(kind=FeeKind.PERCENTAGE, basis_points=500)
    with pytest.raises(ValidationError, match="needs the declared order value"):
        fee_for(rule)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "not negative"),
        (1.5, "whole cents"),
        (True, "whole cents"),
        ("100", "whole cents"),
        (MAX_DECLARED_VALUE_CENTS + 1, "at most 10,000,000.00 EUR"),
    ],
)
def test_a_bad_declared_value_is_refused(value: Any, message: str):
    rule = FeeRule(kind=FeeKind.PERCENTAGE, basis_points=500)
    with pytest.raises(ValidationError, match=message):
        fee_for(rule, value)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "tip"}, "flat fee or a percentage"),
        ({"kind": FeeKind.FLAT, "flat_cents": 100, "due": "someday"}, "confirmation or completion"),
        ({"kind": FeeKind.FLAT}, "Enter the flat fee"),
        ({"kind": FeeKind.FLAT, "flat_cents": 0}, "more than zero"),
        ({"kind": FeeKind.FLAT, "flat_cents": -100}, "more than zero"),
        ({"kind": FeeKind.FLAT, "flat_cents": 2.5}, "whole number of cents"),
        ({"kind": FeeKind.FLAT, "flat_cents": 1_000_001}, "at most 10,000.00 EUR"),
        ({"kind": FeeKind.FLAT, "flat_cents": 100, "basis_points": 5}, "no percentage"),
        ({"kind": FeeKind.PERCENTAGE}, "basis points"),
        ({"kind": FeeKind.PERCENTAGE, "basis_points": -1}, "must not be negative"),
        ({"kind": FeeKind.PERCENTAGE, "basis_points": MAX_BASIS_POINTS + 1}, "at most 50 %"),
        ({"kind": FeeKind.PERCENTAGE, "basis_points": 0}, "never charge"),
        ({"kind": FeeKind.PERCENTAGE, "basis_points": 0, "maximum_cents": 500}, "never charge"),
        ({"kind": FeeKind.PERCENTAGE, "basis_points": 100, "flat_cents": 5}, "no flat amount"),
        (
            {"kind": FeeKind.PERCENTAGE, "basis_points": 100, "minimum_cents": -5},
            "minimum fee must not be negative",
        ),
        (
            {"kind": FeeKind.PERCENTAGE, "basis_points": 100, "maximum_cents": 0},
            "maximum fee must be more than zero",
        ),
        (
            {"kind": FeeKind.PERCENTAGE, "basis_points": 100, "maximum_cents": 10**12},
            "at most 10,000.00 EUR",
        ),
        (
            {
                "kind": FeeKind.PERCENTAGE,
                "basis_points": 100,
                "minimum_cents": 500,
                "maximum_cents": 400,
            },
            "minimum fee must not be more than the maximum",
        ),
    ],
)
def test_bad_rules_are_refused_with_a_plain_message(fields: dict[str, Any], message: str):
    with pytest.raises(ValidationError, match=message):
        FeeRule(**fields)


def test_a_rule_survives_a_round_trip_through_a_settings_row():
    rule = FeeRule(
        kind=FeeKind.PERCENTAGE,
        basis_points=250,
        minimum_cents=0,
        maximum_cents=900,
        due=FeeDue.CONFIRMATION,
    )
    assert FeeRule.from_dict(rule.as_dict()) == rule
    with pytest.raises(ValidationError, match="minimum fee must not be more"):
        FeeRule.from_dict({**rule.as_dict(), "minimum_cents": 1_000})
    with pytest.raises(ValidationError, match="flat fee or a percentage"):
        FeeRule.from_dict({})


@settings(max_examples=300, deadline=None)
@given(
    basis_points=st.integers(min_value=0, max_value=MAX_BASIS_POINTS),
    minimum=st.none() | st.integers(min_value=0, max_value=5_000),
    spread=st.none() | st.integers(min_value=0, max_value=50_000),
    value=st.integers(min_value=0, max_value=MAX_DECLARED_VALUE_CENTS),
    more=st.integers(min_value=0, max_value=10**6),
)
def test_percentage_fees_are_bounded_rounded_and_grow_with_the_value(
    basis_points: int, minimum: int | None, spread: int | None, value: int, more: int
):
    maximum = None if spread is None else (minimum or 0) + max(spread, 1)
    try:
        rule = FeeRule(
            kind=FeeKind.PERCENTAGE,
            basis_points=basis_points,
            minimum_cents=minimum,
            maximum_cents=maximum,
        )
    except ValidationError:
        assert basis_points == 0 and not minimum
        return
    fee = fee_for(rule, value)
    assert isinstance(fee, int)
    # the exact share value x bp / 10,000, rounded half up: off by more than -1/2 and at
    # most +1/2 cent; then raised to the minimum and capped at the maximum
    unbounded = 0
    if basis_points:
        unbounded = fee_for(FeeRule(kind=FeeKind.PERCENTAGE, basis_points=basis_points), value)
        # (unless the share is above the limit any one fee has: then it is the limit)
        assert (
            unbounded == MAX_FEE_CENTS
            or -5_000 < unbounded * 10_000 - value * basis_points <= 5_000
        )
    expected = max(unbounded, minimum or 0)
    assert fee == min(expected if maximum is None else min(expected, maximum), MAX_FEE_CENTS)
    assert (minimum or 0) <= fee or (maximum is not None and fee == maximum) or fee == MAX_FEE_CENTS
    if value + more <= MAX_DECLARED_VALUE_CENTS:
        assert fee_for(rule, value + more) >= fee


def test_refusals_speak_german_by_default():
    from django.utils import translation

    with translation.override("de"), pytest.raises(ValidationError) as refused:
        FeeRule(kind=FeeKind.PERCENTAGE, basis_points=100, minimum_cents=500, maximum_cents=400)
    assert refused.value.messages == [
        "Die Mindestgebühr darf nicht höher sein als die Höchstgebühr."
    ]
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        FeeRule(kind=FeeKind.FLAT, flat_cents=0)
    assert refused.value.messages == ["Die Pauschalgebühr muss größer als null sein."]


def test_a_percentage_without_maximum_never_exceeds_the_ledgers_fee_limit() -> None:
    # given 5 % without a maximum, and an order of 250,000 EUR (12,500 EUR at 5 %)
    rule = FeeRule(kind="percentage", basis_points=500)
    # then the fee is the limit a fee may have, so the order can still be confirmed
    assert fee_for(rule, 25_000_000) == MAX_FEE_CENTS
