"""The database side of the shared search: index columns and one ranked query per kind.

A searchable model has two generated columns, both computed by PostgreSQL from the row (so
no service has to remember them, and factories and data migrations index too):
- `search_vector`: the folded text stemmed by the `german` configuration, weighted
  (A titles, B texts), GIN-indexed: 'Fahrräder' finds 'Fahrrad';
- `search_title`: the folded titles with their hyphenated compounds also written together
  (and the kind's fixed keywords), GIN trigram-indexed: 'Fahrad' finds 'Fahrrad',
  'Kirchenchor' finds 'Kirchen-Chor';
- `search_text`: the same followed by the folded texts, GIN trigram-indexed: typos in long
  texts. Word similarity over long texts is the costly part, so the one search's first page
  (`first_page.best_matches`) asks it only of a kind whose stems and titles found nothing.
`ranked` and `closest` serve the modules' list pages; the one search uses `first_page`.
The folding (lower case, ß as ss, no accents) is the same as `text.fold` in Python, written
with immutable functions only (translate, replace, lower), as generated columns require.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    GeneratedField,
    Index,
    Model,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Lower

from .query import SearchQuery
from .text import MARK_START, MARK_STOP

_M = TypeVar("_M", bound=Model)

# Characters `text.fold` strips accents from (NFKD) that German texts commonly carry.
_ACCENTED = "äöüàáâãåèéêëìíîïòóôõùúûýÿçñ"
_PLAIN = "aouaaaaaeeeeiiiioooouuuyycn"
_SPACE = Value(" ", output_field=TextField())
# Weights for D, C, B, A: a title match counts five times a text match.
RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]


class TrigramWordMatch(Func):
    """`query <% text`: some extent of `text` is similar to `query` (pg_trgm, GIN-indexed).

    django.contrib.postgres is not installed, so its `trigram_word_similar` lookup is not
    registered; this expression is the same SQL.
    """

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def folded(expression: Any) -> Func:
    """`fold()` in SQL, immutable: translate(replace(lower(x), 'ß', 'ss'), accents, plain)."""
    lowered = Func(
        Lower(expression), Value("ß"), Value("ss"), function="replace", output_field=TextField()
    )
    return Func(
        lowered, Value(_ACCENTED), Value(_PLAIN), function="translate", output_field=TextField()
    )


def _joined(*fields: str) -> Any:
    # Every part text (titles are varchar), or Concat cannot tell its type.
    parts: list[Any] = []
    for name in fields:
        parts += [Cast(F(name), TextField()), _SPACE]
    parts = parts[:-1]
    return Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]


def _with_compounds(*fields: str) -> Any:
    text = folded(_joined(*fields))
    return Concat(
        text,
        _SPACE,
        Func(text, Value("-"), Value(""), function="replace", output_field=TextField()),
        output_field=TextField(),
    )


def _texts(texts: list[str], keywords: str) -> Any:
    """The folded texts, then the model's fixed keywords (already folded)."""
    parts: list[Any] = [folded(_joined(*texts))] if texts else []
    if keywords:
        parts.append(Value(keywords, output_field=TextField()))
    if len(parts) == 2:
        return Concat(parts[0], _SPACE, parts[1], output_field=TextField())
    return parts[0] if parts else None


def search_vector_column(
    *, titles: list[str], texts: list[str], keywords: str = ""
) -> GeneratedField:
    """The generated tsvector of a model: `titles` weighted A, `texts` and the fixed
    `keywords` (words every row of the kind is found by, e.g. 'mittagessen' for a lunch
    menu whose dishes never say so) weighted B."""
    vector: Any = SearchVector(_with_compounds(*titles), config="german", weight="A")
    rest = _texts(texts, keywords)
    if rest is not None:
        vector = vector + SearchVector(rest, config="german", weight="B")
    return GeneratedField(expression=vector, output_field=SearchVectorField(), db_persist=True)


def search_text_column(
    *, titles: list[str], texts: list[str], keywords: str = ""
) -> GeneratedField:
    """The generated folded text of a model for trigram matching (titles, compounds, texts,
    keywords)."""
    expression = _with_compounds(*titles)
    rest = _texts(texts, keywords)
    if rest is not None:
        expression = Concat(expression, _SPACE, rest, output_field=TextField())
    return GeneratedField(expression=expression, output_field=TextField(), db_persist=True)


def search_title_column(*, titles: list[str], keywords: str = "") -> GeneratedField:
    """The generated folded titles of a model for trigram matching (titles, compounds,
    keywords): short, so a typo is found quickly."""
    return search_text_column(titles=titles, texts=[], keywords=keywords)


def search_indexes(prefix: str) -> list[Index]:
    """The GIN indexes of a model's search columns (names start with `prefix`)."""
    return [
        GinIndex(fields=["search_vector"], name=f"{prefix}_search_gin"),
        GinIndex(fields=["search_title"], name=f"{prefix}_title_gin", opclasses=["gin_trgm_ops"]),
        GinIndex(fields=["search_text"], name=f"{prefix}_trgm_gin", opclasses=["gin_trgm_ops"]),
    ]


def rank_of(query: SearchQuery, trigram_field: str, vector: str = "search_vector") -> Cast:
    """Stems weighted by where they are, plus a bonus: 0.5 for a stem match, word similarity
    to `trigram_field` (at most 0.5) for a row only a trigram found: stems rank first."""
    ts_query = query.ts_query()
    return Cast(
        SearchRank(F(vector), ts_query, weights=RANK_WEIGHTS) * 2.0
        # Similarity ranks the typos among themselves; a stem match needs none.
        + Case(
            When(**{vector: ts_query}, then=Value(0.5)),
            default=TrigramWordSimilarity(Value(query.compact), trigram_field) * 0.5,  # type: ignore[arg-type]
            output_field=FloatField(),
        ),
        FloatField(),
    )


def ranked(
    queryset: QuerySet[_M],
    query: SearchQuery,
    *,
    headline_of: str | None = None,
    deep: bool = False,
) -> QuerySet[Any]:
    """`queryset`'s rows matching `query` by stem or by trigram (over the titles, or with
    `deep` over the whole text), best first, each annotated with `rank` and, with
    `headline_of`, a highlighted `headline` of that field (computed by PostgreSQL only for
    the rows a slice returns)."""
    ts_query = query.ts_query()
    compact = Value(query.compact)
    trigram_field = "search_text" if deep else "search_title"
    matches = queryset.filter(
        Q(search_vector=ts_query) | Q(TrigramWordMatch(compact, F(trigram_field)))
    ).annotate(rank=rank_of(query, trigram_field))
    if headline_of:
        matches = matches.annotate(headline=headline(headline_of, query))
    return matches.order_by("-rank", "pk")


def closest(queryset: QuerySet[_M], query: SearchQuery) -> QuerySet[Any]:
    """`ranked` for a list page: by stem or title, or by the whole text when those find
    nothing (one `exists` query decides)."""
    matches = ranked(queryset, query)
    return matches if matches.exists() else ranked(queryset, query, deep=True)


def headline(field: str, query: SearchQuery) -> SearchHeadline:
    """A short excerpt of `field` with the query's words marked (see text.render_headline)."""
    # The excerpt shows the text as written; its words are stemmed like the folded query's,
    # so 'Fahrräder' is marked for 'fahrrader'.
    # Stored text could hold the private-use markers (rows written before strip_control, an
    # import): they are removed first, so only the headline's own markers become <mark>.
    markers_removed = Func(
        F(field),
        Value(MARK_START + MARK_STOP),
        Value(""),
        function="TRANSLATE",
        output_field=TextField(),
    )
    return SearchHeadline(
        markers_removed,
        query.ts_query(),
        config="german",
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=25,
        min_words=10,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
