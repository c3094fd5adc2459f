"""What a person typed, checked once and folded once for every module's provider."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from django.contrib.postgres.search import SearchQuery as PgSearchQuery
from django.utils.translation import gettext as _

from .text import folded_words

MAX_QUERY_LENGTH = 200  # characters as typed
MAX_WORDS = 12
GROUP_LIMIT = 5  # hits per group on the page that shows every group
FULL_LIMIT = 100  # hits of one group when a person asks for all of them
_UNSEARCHABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class BadSearch(ValueError):
    """The input cannot be searched for; the message says why, in plain words."""


@dataclass(frozen=True)
class SearchQuery:
    """A checked search: `text` as typed (trimmed), `words` folded ('fahrräder' ->
    'fahrrader'), `compact` the words without hyphens for trigram matching."""

    text: str
    words: tuple[str, ...]
    limit: int = GROUP_LIMIT
    group: str = ""  # one group's key when a person asked to see all of that group
    # When a kind's long texts are searched for a typo (costly: word similarity over every
    # candidate's text): "after" its stems and titles found nothing, "never", or "only"
    # (the second round of `search_everything`).
    typo_in_texts: Literal["after", "never", "only"] = "after"
    # Shared by the rounds of one search: whether some kind found the words by stem.
    seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @property
    def folded(self) -> str:
        return " ".join(self.words)

    @property
    def compact(self) -> str:
        return self.folded.replace("-", "")

    @property
    def term(self) -> str:
        """The normalised term recorded when nothing is found (no person, no address)."""
        return self.compact[:100]

    def ts_query(self) -> PgSearchQuery:
        """Every word, stemmed by PostgreSQL's German configuration (the text is folded,
        as every module's index is)."""
        return PgSearchQuery(self.folded, config="german", search_type="plain")

    def wants(self, group: str) -> bool:
        return not self.group or self.group == group


def parse_query(raw: object, *, group: str = "") -> SearchQuery | None:
    """The checked query, or None when nothing was typed; raises BadSearch for input that
    cannot be searched for (too long, control characters, no letters or digits)."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise BadSearch(_("Please enter the words you are looking for as text."))
    text = " ".join(raw.split())
    if not text:
        return None
    if len(text) > MAX_QUERY_LENGTH:
        raise BadSearch(
            _("Please search with at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
        )
    if _UNSEARCHABLE.search(text):
        raise BadSearch(
            _("The search contains characters that cannot be searched for. Please type it again.")
        )
    words = folded_words(text)
    if not words:
        raise BadSearch(_("Please enter at least one letter or digit."))
    words = list(dict.fromkeys(words))[:MAX_WORDS]
    group = group if group.isascii() and group.isidentifier() else ""
    return SearchQuery(
        text=text,
        words=tuple(words),
        limit=FULL_LIMIT if group else GROUP_LIMIT,
        group=group,
    )


def shown_text(raw: object) -> str:
    """What to put back into the search box: printable, at most the allowed length."""
    if not isinstance(raw, str):
        return ""
    return _UNSEARCHABLE.sub("", " ".join(raw.split()))[:MAX_QUERY_LENGTH]
