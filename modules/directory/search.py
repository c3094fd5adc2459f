"""German full-text search with typo and compound tolerance over organisations.

Each organisation carries
- `search_vector`: to_tsvector('german', unaccent(...)) with weights A (name), B (kind,
  categories, offering titles), C (description, offering texts) — GIN-indexed;
- `search_text` / `search_name`: folded text (lower case, no accents, hyphenated and
  adjacent words also written together) for pg_trgm word similarity — GIN trigram index.

'Fahrräder' finds 'Fahrrad' through the German stemmer, 'Kirchenchor' finds 'Kirchen-Chor'
and 'Repaircafe' finds 'Repair-Café' through the compound-folded trigram text. The folding, the trigram match and the
highlighting are the shared search's (`portal.search`), which the other modules use too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, Value, When
from django.db.models.functions import Cast

from portal.search.matching import RANK_WEIGHTS, TrigramWordMatch
from portal.search.query import MAX_QUERY_LENGTH
from portal.search.text import (
    MARK_START,
    MARK_STOP,
    WORD,
    fold,
    folded_with_variants,
    render_headline,
    strip_control,
    strip_private_use,
    unique_words,
)

from .models import Category, Kind, Offering, Organisation

# The shared search's pieces this module's callers reach through it.
__all__ = ["normalise_query", "refresh_search_index", "render_headline", "search"]
__all__ += ["strip_private_use"]


def index_parts(organisation: Organisation, offerings: Iterable[Offering]) -> dict[str, str]:
    """The texts that go into the index, by weight."""
    offerings = list(offerings)
    labels = dict(Category.choices)
    kind_label = str(dict(Kind.choices).get(organisation.kind, ""))
    category_text = " ".join(str(labels.get(c, c)) for c in organisation.categories)
    titles = " ".join(o.title for o in offerings)
    texts = " ".join(f"{o.description} {o.schedule}" for o in offerings)
    document = "\n".join(
        [organisation.description, *(f"{o.title}: {o.description}" for o in offerings)]
    )
    return {
        "a": strip_control(organisation.name),
        "b": strip_control(f"{kind_label} {category_text} {titles}"),
        "c": strip_control(f"{organisation.description} {texts}"),
        "document": strip_control(document),
        "search_name": folded_with_variants(organisation.name, join_neighbours=True)[:400],
        # Each word once: word_similarity scans the whole text of every candidate row, so
        # names, labels and titles go in with their compounds, and the long texts' words
        # only once each (so a typo in a word of a description still finds it: 'Fahrad').
        "search_text": unique_words(
            [
                folded_with_variants(organisation.name, join_neighbours=True),
                folded_with_variants(f"{category_text} {titles}", join_neighbours=False),
                folded_with_variants(f"{organisation.description} {texts}", join_neighbours=False),
            ]
        ),
    }


def refresh_search_index(organisation: Organisation) -> None:
    """Recompute the organisation's search columns from its fields and offerings."""
    parts = index_parts(organisation, Offering.objects.filter(organisation=organisation))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Organisation._meta.db_table} SET
              search_vector =
                setweight(to_tsvector('german', unaccent(%s)), 'A') ||
                setweight(to_tsvector('german', unaccent(%s)), 'B') ||
                setweight(to_tsvector('german', unaccent(%s)), 'C'),
              search_text = %s, search_name = %s, search_document = %s
            WHERE id = %s
            """,  # noqa: S608 - the table name is ours, every value is a parameter
            [
                parts["a"],
                parts["b"],
                parts["c"],
                parts["search_text"],
                parts["search_name"],
                parts["document"],
                organisation.pk,
            ],
        )


def normalise_query(text: str) -> str:
    """The query as typed, without control characters, trimmed to a sane length."""
    return " ".join(strip_control(text).split())[:MAX_QUERY_LENGTH]


def _ts_query(query: str) -> SearchQuery:
    return SearchQuery(
        Func(Value(query), function="unaccent"), config="german", search_type="websearch"
    )


def search(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    """Organisations matching `query` by stem or by trigram, best first, with `headline`."""
    query = normalise_query(query)
    folded = " ".join(WORD.findall(fold(query)))
    compact = folded.replace("-", "")
    if not folded:
        return queryset.none()
    ts_query = _ts_query(query)
    return (
        queryset.annotate(
            text_rank=SearchRank(F("search_vector"), ts_query, weights=RANK_WEIGHTS),
            # The long text's similarity only counts (and is only computed) for rows the
            # stemmed search missed: word_similarity over a long text is the costly part.
            text_similarity=Case(
                When(search_vector=ts_query, then=Value(0.0)),
                default=TrigramWordSimilarity(Value(compact), "search_text"),  # type: ignore[arg-type]
                output_field=FloatField(),
            ),
            name_similarity=TrigramWordSimilarity(Value(compact), "search_name"),  # type: ignore[arg-type]
        )
        .filter(Q(search_vector=ts_query) | Q(TrigramWordMatch(Value(compact), F("search_text"))))
        .annotate(
            rank=Cast(
                F("text_rank") * 2.0 + F("text_similarity") * 0.3 + F("name_similarity") * 0.6,
                FloatField(),
            ),
            headline=SearchHeadline(
                "search_document",
                ts_query,
                config="german",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "name")
    )
