"""German full-text search with typo and compound tolerance over organisations.

Each organisation carries
- `search_vector`: to_tsvector('german', unaccent(...)) with weights A (name), B (kind,
  categories, offering titles), C (description, offering texts) — GIN-indexed;
- `search_text` / `search_name`: folded text (lower case, no accents, hyphenated and
  adjacent words also written together) for pg_trgm word similarity — GIN trigram index.

'Fahrräder' finds 'Fahrrad' through the German stemmer, 'Kirchenchor' finds 'Kirchen-Chor'
and 'Repaircafe' finds 'Repair-Café' through the compound-folded trigram text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, QuerySet, Value, When
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Category, Kind, Offering, Organisation

# Private-use characters mark highlights inside ts_headline's output; they are removed from
# every text before it is indexed, so only the highlighter can produce them.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
_WORD = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*")
# Weights for D, C, B, A: a name match counts five times a description match.
RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]
MAX_QUERY_LENGTH = 200


def strip_control(text: str) -> str:
    """Drop control and private-use characters (keeps newlines and tabs)."""
    return _CONTROL.sub("", text)


def fold(text: str) -> str:
    """Lower case without accents: 'Repair-Café' -> 'repair-cafe', 'Straße' -> 'strasse'."""
    text = strip_control(text).lower().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def compound_variants(text: str, *, join_neighbours: bool) -> list[str]:
    """Words written together: 'kirchen-chor' -> 'kirchenchor'; with join_neighbours also
    'repair cafe' -> 'repaircafe' (used for names, which are short)."""
    words = _WORD.findall(fold(text))
    variants = [word.replace("-", "") for word in words if "-" in word]
    if join_neighbours:
        plain = [word.replace("-", "") for word in words]
        variants += [a + b for a, b in pairwise(plain)]
        if len(plain) > 2:
            variants.append("".join(plain))
    return variants


def _folded_with_variants(text: str, *, join_neighbours: bool) -> str:
    folded = " ".join(_WORD.findall(fold(text)))
    return " ".join([folded, *compound_variants(text, join_neighbours=join_neighbours)]).strip()


def _unique_words(parts: list[str]) -> str:
    """Each word once: trigram matching is per word, and a shorter text is faster to scan."""
    return " ".join(dict.fromkeys(" ".join(parts).split()))


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
        "search_name": _folded_with_variants(organisation.name, join_neighbours=True)[:400],
        # Short on purpose: word_similarity scans the whole text of every candidate row, so
        # only names, labels and titles go in, plus the joined compounds of the long texts
        # ('kirchen-chor' -> 'kirchenchor'); the long texts themselves are found by stem.
        "search_text": _unique_words(
            [
                _folded_with_variants(organisation.name, join_neighbours=True),
                _folded_with_variants(f"{category_text} {titles}", join_neighbours=False),
                *compound_variants(f"{organisation.description} {texts}", join_neighbours=False),
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


class TrigramWordMatch(Func):
    """`query <% text`: some extent of `text` is similar to `query` (pg_trgm, GIN-indexed).

    django.contrib.postgres is not installed, so its `trigram_word_similar` lookup is not
    registered; this expression is the same SQL.
    """

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _ts_query(query: str) -> SearchQuery:
    return SearchQuery(
        Func(Value(query), function="unaccent"), config="german", search_type="websearch"
    )


def search(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    """Organisations matching `query` by stem or by trigram, best first, with `headline`."""
    query = normalise_query(query)
    folded = " ".join(_WORD.findall(fold(query)))
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


def render_headline(headline: Any) -> SafeString:
    """Escape the excerpt, then turn the highlight markers into <mark>: the only HTML."""
    text = escape(str(headline or ""))
    # Escaped above; the markers cannot come from users (strip_control removes them).
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))
