"""Property-based: random postings, retries, conflicts, reversals and tampering never break
the ledger's invariants.

Each Hypothesis example runs in a savepoint that is rolled back; before the rollback the
deferred balance triggers are fired (SET CONSTRAINTS ALL IMMEDIATE) and every invariant is
checked against a plain Python model: every transaction has two or more entries and
balances per unit, balance_of equals the model's sum, an idempotent retry returns the first
posting, another payload under a used key is refused, a reversal nets to zero and happens
once, and the database refuses to change or delete entries and transactions.

The in-suite run does at least 10,000 operations (asserted). A longer run:
`python3 ops/fuzz/ledger.py` (5,000 examples with shrinking, 400 concurrent rounds).
"""

from __future__ import annotations

import os
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from billing.ledger import selectors, services
from billing.ledger.models import Account, OwnerKind, Transaction, Unit
from portal.validation import has_visible_text

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("LQ_LEDGER_FUZZ_EXAMPLES", "190"))
OPS_PER_EXAMPLE = (52, 56)  # 190 x (1 + 52) >= 10,000 operations
PHASES = (
    list(Phase)
    if os.environ.get("LQ_LEDGER_FUZZ_SHRINK")
    else [Phase.explicit, Phase.reuse, Phase.generate]
)
MIN_OPERATIONS = 10_000 if "LQ_LEDGER_FUZZ_EXAMPLES" not in os.environ else 0
ACCOUNTS_PER_UNIT = 4
UNITS = (Unit.EURO_CENTS, Unit.MINUTES)
AMOUNT = 10**9


class Rollback(Exception):
    """Ends an example: its savepoint is rolled back after the checks."""


def balanced_lines(rng: random.Random) -> list[tuple[int, int]]:
    """(account index, amount) pairs summing to zero per unit, 2 to 5 distinct accounts."""
    units = rng.choice([(0,), (1,), (0, 1)])
    lines = []
    for unit in units:
        size = rng.randint(2, 3 if len(units) > 1 else 4)
        picked = rng.sample(range(ACCOUNTS_PER_UNIT), size)
        amounts = [
            rng.choice((-1, 1)) * rng.randint(1, rng.choice((100, AMOUNT))) for _ in picked[1:]
        ]
        if sum(amounts) == 0:
            amounts[0] *= 2
        amounts.append(-sum(amounts))
        lines += [(unit * ACCOUNTS_PER_UNIT + i, a) for i, a in zip(picked, amounts, strict=True)]
    return lines


# Control characters and lone surrogates are refused (tests in test_ledger.py); markup,
# umlauts, emoji, zero-width spaces and line breaks are fair.
MEMO_ALPHABET = "abcäöüß €<>&\"'\u200b\t\n\U0001f642"


def memo_for(rng: random.Random) -> str:
    memo = "".join(rng.choice(MEMO_ALPHABET) for _ in range(rng.randint(0, 20)))
    # invisible-only text is refused, like everywhere in the portal
    return memo if not memo or has_visible_text(memo) else f"x{memo}"


# Hypothesis picks the sequence of operations and a seed for each; the details (accounts,
# amounts, memos) come from the seed, which keeps generating 10,000 operations cheap.
KINDS = ("post", "retry", "conflict", "reverse", "unbalanced", "tamper")
a_post = st.tuples(st.just("post"), st.integers(0, 2**32 - 1))
operation = st.tuples(st.sampled_from(KINDS), st.integers(0, 2**32 - 1))


@dataclass
class Model:
    accounts: list[Account]
    balances: Counter[int] = field(default_factory=Counter)
    posted: list[tuple[str, list[tuple[int, int]], str, Transaction]] = field(default_factory=list)
    reversed_keys: dict[str, Transaction] = field(default_factory=dict)

    def lines(self, pairs: list[tuple[int, int]]) -> list[tuple[Account, int]]:
        return [(self.accounts[i], amount) for i, amount in pairs]

    def apply(self, pairs: list[tuple[int, int]], sign: int = 1) -> None:
        for i, amount in pairs:
            self.balances[self.accounts[i].pk] += sign * amount


def _sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def _check_invariants(model: Model) -> None:
    _sql("SET CONSTRAINTS ALL IMMEDIATE")  # fire the deferred balance triggers now
    _sql("SET CONSTRAINTS ALL DEFERRED")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.id FROM ledger_transaction t LEFT JOIN ledger_entry e "
            "ON e.transaction_id = t.id GROUP BY t.id HAVING COUNT(e.id) < 2 "
            "UNION SELECT e.transaction_id FROM ledger_entry e "
            "JOIN ledger_account a ON a.id = e.account_id "
            "GROUP BY e.transaction_id, a.unit HAVING SUM(e.amount) <> 0"
        )
        assert cursor.fetchall() == []
    for account in model.accounts:
        assert selectors.balance_of(account) == model.balances[account.pk]
    for unit in UNITS:
        assert sum(model.balances[a.pk] for a in model.accounts if a.unit == unit) == 0
    with connection.cursor() as cursor:
        # a reversal and its original net to zero on every account
        cursor.execute(
            "SELECT r.id, e.account_id FROM ledger_transaction r JOIN ledger_entry e "
            "ON e.transaction_id IN (r.id, r.reverses_id) WHERE r.reverses_id IS NOT NULL "
            "GROUP BY r.id, e.account_id HAVING SUM(e.amount) <> 0"
        )
        assert cursor.fetchall() == []
    assert Transaction.objects.count() == len(model.posted) + len(model.reversed_keys)


def _run(model: Model, op: tuple[str, int], number: int, done: Counter[str]) -> None:
    kind, seed = op
    rng = random.Random(seed)
    done[kind] += 1
    if kind == "post":
        pairs, memo = balanced_lines(rng), memo_for(rng)
        key = f"fuzz:{number}"
        posted = services.post(key=key, entries=model.lines(pairs), memo=memo)
        model.apply(pairs)
        model.posted.append((key, pairs, memo, posted))
        return
    if kind == "unbalanced":
        pairs = balanced_lines(rng)
        index, amount = pairs[-1]
        skewed = [*pairs[:-1], (index, amount + rng.randint(1, 1000))]
        with pytest.raises(ValidationError, match=r"do not balance|zero"):
            services.post(key=f"bad:{number}", entries=model.lines(skewed))
        return
    key, pairs, memo, first = model.posted[seed % len(model.posted)]
    if kind == "retry":
        shuffled = model.lines(pairs)
        rng.shuffle(shuffled)
        assert services.post(key=key, entries=shuffled, memo=memo).pk == first.pk
    elif kind == "conflict":
        skew = rng.randint(1, 1000)
        (i, a), (j, b) = pairs[0], pairs[1]
        changed = [(i, a + skew), (j, b - skew), *pairs[2:]]
        if 0 in (a + skew, b - skew) or rng.random() < 0.2:
            changed, memo = pairs, memo + "!"
        with pytest.raises(services.IdempotencyConflict):
            services.post(key=key, entries=model.lines(changed), memo=memo)
    elif kind == "reverse":
        reversal_key = f"{key}:reversal"
        if key in model.reversed_keys:
            mirror = model.reversed_keys[key]
            mode = seed % 3
            if mode == 0:  # the same reversal again returns it
                assert services.reverse(transaction=first, key=reversal_key).pk == mirror.pk
            elif mode == 1:  # a second reversal is refused
                with pytest.raises(ValidationError, match="already been reversed"):
                    services.reverse(transaction=first, key=f"{reversal_key}:{number}")
            else:  # a reversal is never reversed
                with pytest.raises(ValidationError, match="cannot itself"):
                    services.reverse(transaction=mirror, key=f"{reversal_key}:again")
            return
        model.reversed_keys[key] = services.reverse(transaction=first, key=reversal_key)
        model.apply(pairs, sign=-1)
    elif kind == "tamper":
        statement = (
            "UPDATE ledger_entry SET amount = amount + 1 WHERE transaction_id = %s",
            "DELETE FROM ledger_entry WHERE transaction_id = %s",
            "UPDATE ledger_transaction SET memo = 'x' WHERE id = %s",
            "DELETE FROM ledger_transaction WHERE id = %s",
        )[seed % 4]
        with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
            _sql(statement, [first.pk])


def test_random_operations_never_break_an_invariant(in_town_a):
    accounts = [
        services.open_account(unit=unit, owner_kind=OwnerKind.CLEARING, owner_key=f"f{u}-{i}")
        for u, unit in enumerate(UNITS)
        for i in range(ACCOUNTS_PER_UNIT)
    ]
    done: Counter[str] = Counter()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        # In the suite a failure is reported as found (shrinking 55 database operations can
        # take minutes); the long run under ops/ shrinks.
        phases=PHASES,
    )
    # Each example starts with a posting, so that every later operation has one to work on.
    @given(
        first=a_post,
        rest=st.lists(operation, min_size=OPS_PER_EXAMPLE[0], max_size=OPS_PER_EXAMPLE[1]),
    )
    def run(first: tuple[str, int], rest: list[tuple[str, int]]) -> None:
        ops = [first, *rest]
        model = Model(accounts=accounts)
        try:
            with transaction.atomic():
                for number, op in enumerate(ops):
                    _run(model, op, number, done)
                _check_invariants(model)
                raise Rollback
        except Rollback:
            pass

    run()
    assert sum(done.values()) >= MIN_OPERATIONS, done
    assert done["post"] and done["reverse"] and done["retry"] and done["tamper"], done
    assert Transaction.objects.count() == 0  # every example was rolled back
