"""The exchange's part of the one search: the open listings (items, time and skills)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search.groups import SearchGroup, SearchHit
from portal.search.query import SearchQuery
from portal.search.text import render_headline

from . import selectors


def search_groups(query: SearchQuery) -> list[SearchGroup]:
    """Open listings matching `query`, best first; at most three queries."""
    if not query.wants("exchange_listings"):
        return []
    found = selectors.listings_matching(query, limit=query.limit)
    hits = [
        SearchHit(
            title=listing.title,
            url=reverse("exchange:detail", args=[listing.public_id]),
            excerpt=render_headline(getattr(listing, "headline", "")),
            meta=f"{listing.get_kind_display()} · {listing.get_listing_type_display()}",
        )
        for listing in found.rows
    ]
    return [
        SearchGroup(
            key="exchange_listings",
            label=_("Listings in the exchange"),
            hits=hits,
            total=found.total,
            estimated=found.estimated,
            more_url=reverse("exchange:index") + "?" + urlencode({"q": query.text}),
            order=60,
        )
    ]
