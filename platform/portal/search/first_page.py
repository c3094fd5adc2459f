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

CANDIDATES = 100  # rows ranked by stem (and by stem in the title); beyond, the count is estimated
TYPO_CANDIDATES = 50  # rows ranked by word similarity, which costs more per row


@dataclass(frozen=True)
class Matches:
    """A group's first page (rank order, each row with `rank` and maybe `headline`) and how
    many match in all; `estimated` when that is the planner's estimate."""

    rows: list[Any]
    total: int
    estimated: bool = False
    by_stem: bool = False  # some were found by stem (not only by trigram)


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
    """The first `limit` rows of `queryset` matching `query` by stem, best first, and how
    many match; when stems find fewer than `limit`, also titles near the query (typos,
    parts of compounds: `matching.ranked`); only when those find nothing, a typo anywhere in
    the text (`texts`). Two queries (the ranked candidates with their count in one
    statement, then the page's rows), a third when the count is estimated or when the
    long texts are searched."""
    compact = Value(query.compact)
    stems = Q(**{vector: query.ts_query()})
    in_title = stems
    for word in query.words:
        in_title &= Q(**{f"{titles}__contains": word})
    by_title = rank_of(query, titles, vector)
    sides = [
        # Rows holding the words in their title rank best: all of them are candidates
        # unless there are more than CANDIDATES, whatever the scan order of the stems.
        _Side(in_title, by_title, CANDIDATES, estimate=stems),
        _Side(stems, by_title, CANDIDATES, estimate=stems),
        _Side(
            stems | Q(TrigramWordMatch(compact, F(titles))),
            by_title,
            TYPO_CANDIDATES,
            when_fewer_than=limit,
        ),
    ]
    if query.typo_in_texts != "only":
        found = _first_page(queryset, query, sides, limit=limit, headline_of=headline_of)
        if found.by_stem:
            query.seen["by_stem"] = True
        if found.total or query.typo_in_texts == "never":
            return found
    # Not in the statement above, even gated: planning a trigram match over long texts
    # alone costs milliseconds (the planner tries it on the column's statistics).
    deep = _Side(
        Q(TrigramWordMatch(compact, F(texts))), rank_of(query, texts, vector), TYPO_CANDIDATES
    )
    return _first_page(queryset, query, [deep], limit=limit, headline_of=headline_of, stems=())


@dataclass(frozen=True)
class _Side:
    """One way of finding candidates: at most `bound` rows matching `condition`, ranked by
    `rank`; with `when_fewer_than`, only searched when the sides before found fewer rows."""

    condition: Q
    rank: Any
    bound: int
    when_fewer_than: int = 0
    estimate: Q | None = None  # what the planner estimates when this side overflows

    def counted(self) -> Q:
        return self.estimate if self.estimate is not None else self.condition


def _first_page(
    queryset: QuerySet[_M],
    query: SearchQuery,
    sides: list[_Side],
    *,
    limit: int,
    headline_of: str | None,
    stems: tuple[int, ...] = (0, 1),
) -> Matches:
    base = queryset.order_by()
    ctes: list[str] = []
    params: list[Any] = []
    for number, side in enumerate(sides):
        part = (
            base.filter(side.condition)
            .annotate(search_rank=side.rank, search_side=Value(number))
            .values_list("pk", "search_rank", "search_side")[: side.bound + 1]
        )
        sql, part_params = part.query.sql_with_params()
        earlier = " UNION ALL ".join(f"SELECT id FROM side_{n}" for n in range(number))  # noqa: S608
        # A side searched only when the earlier ones found few: PostgreSQL checks the
        # condition once, before the scan (a one-time filter), and skips the scan.
        gate = (
            f" WHERE (SELECT count(DISTINCT id) FROM ({earlier}) AS earlier) < %s"  # noqa: S608
            if side.when_fewer_than
            else ""
        )
        cte = f"side_{number} (id, rank, side) AS (SELECT * FROM ({sql}) AS part{gate})"  # noqa: S608
        ctes.append(cte)
        params += [*part_params, *([side.when_fewer_than] if side.when_fewer_than else [])]
    found = " UNION ALL ".join(f"SELECT * FROM side_{n}" for n in range(len(sides)))  # noqa: S608
    # The best `limit` candidates by rank (a row found by several sides counts once), how
    # many distinct rows, and how many each side found.
    statement = f"""
        WITH {", ".join(ctes)}, found AS ({found})
        SELECT id, max(rank) AS best,
          (SELECT count(DISTINCT id) FROM found),
          (SELECT json_object_agg(side, n)
             FROM (SELECT side, count(*) AS n FROM found GROUP BY side) AS sides)
        FROM found GROUP BY id ORDER BY best DESC, id LIMIT %s
    """  # noqa: S608 - the inner SQL is Django's, every value is a parameter
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(statement, [*params, limit])
        ranked = cursor.fetchall()
    if not ranked:
        return Matches(rows=[], total=0)
    total, per_side = ranked[0][2], ranked[0][3]
    if isinstance(per_side, str):
        per_side = json.loads(per_side)
    found_by = {int(number): count for number, count in per_side.items()}
    estimated = any(count > sides[number].bound for number, count in found_by.items())
    if estimated:
        last = sides[max(found_by)]
        total = max(total, estimated_count(base.filter(last.counted())))
    order = [row[0] for row in ranked]
    rank_of_pk = {row[0]: row[1] for row in ranked}
    page: QuerySet[Any] = queryset.filter(pk__in=order)
    if headline_of:
        page = page.annotate(headline=headline(headline_of, query))
    rows: list[Any] = sorted(page, key=lambda row: order.index(row.pk))
    for row in rows:
        row.rank = rank_of_pk[row.pk]
    return Matches(
        rows=rows, total=total, estimated=estimated, by_stem=bool(set(stems) & set(found_by))
    )


def estimated_count(queryset: QuerySet[Any]) -> int:
    """How many rows the planner expects `queryset` to have, to two significant digits
    (counting tens of thousands of matches exactly would cost more than the search)."""
    sql, params = queryset.values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return two_digits(int(plan[0]["Plan"]["Plan Rows"]))


def two_digits(number: int) -> int:
    """`number` rounded to two significant digits: 12,345 -> 12,000 (an estimate's digits)."""
    digits = len(str(number))
    return round(number, 2 - digits) if digits > 2 else number
