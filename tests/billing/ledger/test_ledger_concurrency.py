"""Concurrent retries: threads with their own database connections post and reverse under
the same keys at the same moment. Exactly one posting (and one reversal) wins per key;
every retry with the winner's payload gets the winner back, every other payload is refused.

Runs in a scratch town schema (committed data, dropped at the end).
"""

from __future__ import annotations

import os
import threading
from collections import Counter, defaultdict
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from billing.ledger import selectors, services
from billing.ledger.models import Account, OwnerKind, Transaction, Unit
from tests.scratch_schema import scratch_schema

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMA = "scratch_ledger_concurrency"
THREADS = 8
ROUNDS = int(os.environ.get("LQ_LEDGER_FUZZ_ROUNDS", "40"))  # ops/fuzz/ledger.py: more


def _payload(accounts: list[Account], worker: int, round_: int) -> list[tuple[Account, int]]:
    """Workers 0-5 retry the same posting; 6 and 7 send another payload under the key."""
    amount = 100 + round_ if worker < 6 else 200 + worker
    return [(accounts[0], -amount), (accounts[1], amount)]


def test_concurrent_posts_and_reversals_under_one_key_post_once():
    with scratch_schema(SCHEMA):
        accounts = [
            services.open_account(unit=Unit.EURO_CENTS, owner_kind=OwnerKind.CLEARING, owner_key=k)
            for k in ("customer", "fund")
        ]
        barrier = threading.Barrier(THREADS, timeout=60)
        posted: dict[int, dict[int, Any]] = defaultdict(dict)
        reversed_: dict[int, dict[int, Any]] = defaultdict(dict)
        errors: list[BaseException] = []

        def attempt(call: Any) -> Any:
            try:
                return call()
            except ValidationError as refused:
                return refused

        def worker(number: int) -> None:
            try:
                connection.set_schema(SCHEMA)
                for round_ in range(ROUNDS):
                    barrier.wait()
                    key = f"shop.order-fee:{round_}"
                    entries = _payload(accounts, number, round_)
                    posted[round_][number] = attempt(
                        lambda key=key, entries=entries: services.post(key=key, entries=entries)
                    )
                    barrier.wait()
                    # everyone reverses the round's posting at once; half under one key
                    winner = Transaction.objects.get(key=key)
                    reversal_key = f"{key}:reversal" if number % 2 else f"{key}:reversal:{number}"
                    reversed_[round_][number] = attempt(
                        lambda winner=winner, reversal_key=reversal_key: services.reverse(
                            transaction=winner, key=reversal_key
                        )
                    )
            except BaseException as failure:
                errors.append(failure)
                barrier.abort()
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []

        outcomes: Counter[str] = Counter()
        for round_ in range(ROUNDS):
            winner = Transaction.objects.get(key=f"shop.order-fee:{round_}")
            winning_amount = winner.entries.get(account=accounts[1]).amount
            for number, result in posted[round_].items():
                wanted = _payload(accounts, number, round_)[1][1]
                if wanted == winning_amount:
                    assert isinstance(result, Transaction) and result.pk == winner.pk
                    outcomes["same payload, same posting"] += 1
                else:
                    assert isinstance(result, services.IdempotencyConflict), result
                    outcomes["other payload refused"] += 1
            mirror = Transaction.objects.get(reverses=winner)
            for result in reversed_[round_].values():
                if isinstance(result, Transaction):
                    assert result.pk == mirror.pk
                    outcomes["reversal returned"] += 1
                else:
                    assert "already been reversed" in " ".join(result.messages)
                    outcomes["second reversal refused"] += 1
        assert Transaction.objects.count() == 2 * ROUNDS
        assert selectors.balance_of(accounts[0]) == 0 == selectors.balance_of(accounts[1])
        assert sum(outcomes.values()) == 2 * THREADS * ROUNDS
        assert outcomes["other payload refused"] and outcomes["second reversal refused"]
