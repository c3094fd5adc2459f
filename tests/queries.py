"""The one check that a page or an endpoint keeps a constant number of queries as data grows.

    def test_the_list_keeps_its_queries(client_a, in_town_a):
        assert_constant_queries(lambda: client_a.get("/shop/"), grow=lambda n: make_offers(n))

`grow(n)` adds n more rows of what the page lists; the page is asked once to warm the caches
(routing, branding, settings), counted with N rows, then again with 3N: the counts must be
equal, and a failure prints both lists of queries. The answer must also have grown (else the
rows were not listed and the check proved nothing); `grows=False` where it cannot (a chart).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

ROWS = 3


def listed(queries: CaptureQueriesContext) -> str:
    """The captured queries, one numbered line each (for an assertion's message)."""
    lines = (f"{n}. {query['sql']}" for n, query in enumerate(queries.captured_queries, 1))
    return f"{len(queries)} queries:\n" + "\n".join(lines)


def counted(fetch: Callable[[], Any], *, status: int = 200) -> tuple[CaptureQueriesContext, int]:
    """The queries one call of `fetch` (a test client's request) runs, and the answer's size;
    it must answer `status`."""
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == status, (response.status_code, response.content[:500])
    return queries, len(response.content)


def assert_constant_queries(
    fetch: Callable[[], Any], *, grow: Callable[[int], object], rows: int = ROWS, status: int = 200
) -> int:
    """Assert `fetch` runs as many queries with 3 x `rows` listed rows as with `rows`; the count."""
    grow(rows)
    counted(fetch, status=status)  # warms the caches
    few = counted(fetch, status=status)
    grow(2 * rows)
    many = counted(fetch, status=status)
    assert len(many) == len(few), (
        f"with {rows} rows {listed(few)}\n\nwith {3 * rows} {listed(many)}"
    )
    return len(few)
