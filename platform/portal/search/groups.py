"""What a module's search provider returns: groups of hits, each capped, with its total."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.safestring import SafeString

from .query import SearchQuery


@dataclass(frozen=True)
class SearchHit:
    """One thing found: its title, where it is, and a short excerpt (escaped, with <mark>)."""

    title: str
    url: str
    excerpt: SafeString | str = ""
    meta: str = ""  # e.g. a date, a place or a kind, shown under the title
    external: bool = False  # the address leads away from the portal (a curated link)


@dataclass(frozen=True)
class SearchGroup:
    """The hits of one kind (organisations, events …) in rank order, at most the query's
    limit of them, and how many there are in all."""

    key: str  # unique among every module's groups, e.g. "info_events"
    label: str | Promise
    hits: Sequence[SearchHit]
    total: int
    more_url: str = ""  # the module's own list or search page for this query, if it has one
    order: int = 100  # position on the results page, lower first
    estimated: bool = False  # `total` is an estimate ("etwa 12.000"): too many to count
    extra: dict[str, str] = field(default_factory=dict)


SearchProvider = Callable[[SearchQuery], Sequence[SearchGroup]]
