"""Property-based: random fees, retries, conflicting retries and cancellations (reversals)
of random orders keep the fund's figures equal to the sums of the ledger's entries.

Each Hypothesis example runs in a transaction that is rolled back; before the rollback the
deferred balance triggers fire (SET CONSTRAINTS ALL IMMEDIATE) and the figures are checked
against a plain Python model. Bounded for the suite: 40 examples of up to 25 operations.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing.fees import selectors, services
from billing.ledger import selectors as ledger_selectors
from billing.ledger.models import Transaction

pytestmark = pytest.mark.django_db

ORDERS = 6
PROVIDERS = ("p0", "p1", "p2")
MONTHS = [datetime(2026, month, 14, 10, tzinfo=UTC) for month in (1, 2, 3)]

operation = st.tuples(
    st.sampled_from(["post", "post", "reverse"]),
    st.integers(0, ORDERS - 1),
    st.integers(0, len(PROVIDERS) - 1),
    st.integers(1, 5_000),
    st.integers(0, len(MONTHS) - 1),
)


class Rollback(Exception):
    pass


def test_random_fees_and_reversals_keep_the_figures_equal_to_the_entries(in_town_a):
    zone = ZoneInfo(in_town_a.time_zone)
    today = timezone.now().astimezone(zone)

    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(ops=st.lists(operation, min_size=1, max_size=25))
    def run(ops: list[tuple[str, int, int, int, int]]) -> None:
        # the model: order -> (provider, cents, month index), and the reversed orders
        posted: dict[int, tuple[str, int, int]] = {}
        reversed_: set[int] = set()
        try:
            with transaction.atomic():
                for kind, order, provider_index, cents, month in ops:
                    key, provider = f"o{order}", PROVIDERS[provider_index]
                    if kind == "reverse":
                        result = services.reverse_order_fee(order_key=key, reason="Cancelled")
                        assert (result is None) == (order not in posted)
                        if order in posted:
                            reversed_.add(order)
                        continue
                    if order in posted and posted[order][:2] != (provider, cents):
                        with pytest.raises(ValidationError, match="different posting"):
                            services.post_order_fee(
                                order_key=key, provider_key=provider, amount_cents=cents
                            )
                        continue
                    services.post_order_fee(
                        order_key=key, provider_key=provider, amount_cents=cents, at=MONTHS[month]
                    )
                    posted.setdefault(order, (provider, cents, month))
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                _check(posted, reversed_, today)
                raise Rollback
        except Rollback:
            pass

    run()
    assert Transaction.objects.count() == 0  # every example was rolled back


def _check(posted: dict[int, tuple[str, int, int]], reversed_: set[int], today: datetime) -> None:
    standing = {order: fee for order, fee in posted.items() if order not in reversed_}
    assert selectors.fund_balance() == sum(cents for _p, cents, _m in standing.values())
    assert selectors.contributing_orders() == len(standing)
    assert sum(selectors.contributions_per_month().values()) == selectors.fund_balance()
    # a provider's statements over every month with postings add up to what it owes
    months = {(moment.year, moment.month) for moment in MONTHS} | {(today.year, today.month)}
    owed: dict[str, int] = defaultdict(int)
    for provider, cents, _month in standing.values():
        owed[provider] += cents
    for provider in PROVIDERS:
        statements = sum(
            selectors.provider_fees_for_month(provider_key=provider, year=y, month=m).total_cents
            for y, m in months
        )
        account = services.receivable_account(provider)
        assert statements == owed[provider] == -ledger_selectors.balance_of(account)
