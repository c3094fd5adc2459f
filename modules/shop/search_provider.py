"""The shop's part of the one search: approved businesses (name and description)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search.groups import SearchGroup, SearchHit
from portal.search.matching import best_matches
from portal.search.query import SearchQuery
from portal.search.text import render_headline

from . import selectors


def search_groups(query: SearchQuery) -> list[SearchGroup]:
    """Approved businesses matching `query`, best first; at most three queries."""
    if not query.wants("shop_providers"):
        return []
    rows, total = best_matches(
        selectors.public_providers(), query, limit=query.limit, headline_of="description"
    )
    hits = [
        SearchHit(
            title=provider.name,
            url=reverse("shop:detail", args=[provider.slug]),
            excerpt=render_headline(getattr(provider, "headline", "")),
            meta=str(provider.get_trade_display()),
        )
        for provider in rows
    ]
    return [
        SearchGroup(
            key="shop_providers",
            label=_("Local businesses"),
            hits=hits,
            total=total,
            more_url=reverse("shop:list") + "?" + urlencode({"q": query.text}),
            order=20,
        )
    ]
