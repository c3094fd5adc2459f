"""20 parallel completions of one order, each in its own thread and database connection,
post exactly one fee; 20 parallel cancellations post exactly one reversal.

Runs in a scratch town schema (committed data, dropped at the end), like the ledger's
concurrency test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from billing.fees import selectors, services
from billing.ledger import selectors as ledger_selectors
from billing.ledger.models import Entry, Transaction
from tests.scratch_schema import scratch_schema

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMA = "scratch_fee_concurrency"
THREADS = 20


def _in_threads(call: Callable[[int], Any]) -> list[Any]:
    """Run call(n) in THREADS threads released at once; their results (or exceptions)."""
    barrier = threading.Barrier(THREADS, timeout=60)
    results: list[Any] = [None] * THREADS

    def worker(number: int) -> None:
        try:
            connection.set_schema(SCHEMA)
            barrier.wait()
            results[number] = call(number)
        except BaseException as failure:
            results[number] = failure
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_parallel_posts_of_one_order_make_one_transaction():
    with scratch_schema(SCHEMA):
        # when 20 workers complete the same order at the same moment
        posted = _in_threads(
            lambda _n: services.post_order_fee(
                order_key="order-20", provider_key="fahrrad-werkstatt", amount_cents=480
            )
        )
        # then all get the same transaction, and the fund holds one fee
        assert all(isinstance(result, Transaction) for result in posted), posted
        assert len({result.pk for result in posted}) == 1
        assert Transaction.objects.count() == 1 and Entry.objects.count() == 2
        assert selectors.fund_balance() == 480 == selectors.contributing_orders() * 480

        # when 20 workers cancel it at once, with different reasons
        reversed_ = _in_threads(
            lambda n: services.reverse_order_fee(order_key="order-20", reason=f"cancel {n}")
        )
        assert all(isinstance(result, Transaction) for result in reversed_), reversed_
        assert len({result.pk for result in reversed_}) == 1
        assert Transaction.objects.count() == 2
        assert selectors.fund_balance() == 0
        receivable = services.receivable_account("fahrrad-werkstatt")
        assert ledger_selectors.balance_of(receivable) == 0
