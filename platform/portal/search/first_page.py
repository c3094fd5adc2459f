"""A group's first page and its count for the one search, bounded however many rows match.

Ranking every match of a frequent word ("Hilfe" in most of 100,000 documents) and counting
them all is what made a search slow, so a first page ranks a bounded candidate set:
- at most `CANDIDATES` rows found by stem (the tsvector's GIN index) and at most as many
  whose title is near the query (the short title column's trigram index: a word written
  in a title, a compound, a typo). The best hits are titles that hold the query, and those
  are all among the candidates unless more than `CANDIDATES` titles do;
- the candidates are ranked (the same rank as `matching.ranked`) and counted in one
  statement; only the page's rows are fetched and highlighted, in a second one;
- when a side has more than `CANDIDATES` matches, the count is the planner's estimate
  (rounded, never below what was seen) and the group says so ("etwa 12.000");
- only when stems and titles find nothing, the long texts are searched for a typo (their
  trigram index), bounded the same way.
Below `CANDIDATES` matches the page and the count are exactly those of `matching.ranked`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections
from django.db.models import F, Model, Q, QuerySet, Value

from .matching import TrigramWordMatch, headline, rank_of
from .query import SearchQuery

_M = TypeVar("_M", bound=Model)

CANDIDATES = 1000  # rows ranked per side (stems, titles); beyond, the count is estimated


@dataclass(frozen=True)
class Matches:
    """A group's first page (rank order, each row with `rank` and maybe `headline`) and how
    many match in all; `estimated` when that is the planner's estimate."""

    rows: list[Any]
    total: int
    estimated: bool = False


def best_matches(
    queryset: QuerySet[_M],
    query: SearchQuery,
    *,
    limit: int,
    headline_of: str | None = None,
    vector: str = "search_vector",
    titles: str = "search_title",
    texts: str = "search_text",
) -> Matches:
    """The first `limit` rows of `queryset` matching `query` by stem or by a title near it,
    and how many match; only when those find nothing, by a typo anywhere in the text
    (`texts`). Two queries (ranked candidates with the count, then the page's rows), a
    third when the count is estimated, two more when the long texts are searched."""
    compact = Value(query.compact)
    sides = [
        (Q(**{vector: query.ts_query()}), rank_of(query, titles, vector)),
        (Q(TrigramWordMatch(compact, F(titles))), rank_of(query, titles, vector)),
    ]
    found = _first_page(queryset, query, sides, limit=limit, headline_of=headline_of)
    if found.total:
        return found
    deep = [(Q(TrigramWordMatch(compact, F(texts))), rank_of(query, texts, vector))]
    return _first_page(queryset, query, deep, limit=limit, headline_of=headline_of)


def _first_page(
    queryset: QuerySet[_M],
    query: SearchQuery,
    sides: list[tuple[Q, Any]],
    *,
    limit: int,
    headline_of: str | None,
) -> Matches:
    base = queryset.order_by()
    parts = [
        base.filter(condition)
        .annotate(search_rank=rank, search_side=Value(number))
        .values_list("pk", "search_rank", "search_side")[: CANDIDATES + 1]
        for number, (condition, rank) in enumerate(sides)
    ]
    candidates = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    sql, params = candidates.query.sql_with_params()
    # One statement: the candidates once (a CTE), their best `limit` by rank (a row found by
    # both sides counts once), how many distinct rows, and the fullest side.
    statement = f"""
        WITH found (id, rank, side) AS ({sql})
        SELECT id, max(rank) AS best,
          (SELECT count(DISTINCT id) FROM found),
          (SELECT max(n) FROM (SELECT count(*) AS n FROM found GROUP BY side) AS sides)
        FROM found GROUP BY id ORDER BY best DESC, id LIMIT %s
    """  # noqa: S608 - the inner SQL is Django's, every value is a parameter
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(statement, [*params, limit])
        ranked = cursor.fetchall()
    if not ranked:
        return Matches(rows=[], total=0)
    total, fullest = ranked[0][2], ranked[0][3]
    estimated = fullest > CANDIDATES
    if estimated:
        condition = Q()
        for side, _rank in sides:
            condition |= side
        total = max(total, estimated_count(base.filter(condition)))
    rank_of_pk = {pk: rank for pk, rank, _total, _fullest in ranked}
    page = queryset.filter(pk__in=list(rank_of_pk))
    if headline_of:
        page = page.annotate(headline=headline(headline_of, query))
    rows = sorted(page, key=lambda row: list(rank_of_pk).index(row.pk))
    for row in rows:
        row.rank = rank_of_pk[row.pk]
    return Matches(rows=rows, total=total, estimated=estimated)


def estimated_count(queryset: QuerySet[Any]) -> int:
    """How many rows the planner expects `queryset` to have, to two significant digits
    (counting tens of thousands of matches exactly would cost more than the search)."""
    sql, params = queryset.values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    rows = int(plan[0]["Plan"]["Plan Rows"])
    digits = len(str(rows))
    return round(rows, 2 - digits) if digits > 2 else rows
