"""The shop's part of the one search: approved businesses (name and description) and public
offers (title and description)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search.first_page import best_matches
from portal.search.groups import SearchGroup, SearchHit
from portal.search.query import SearchQuery
from portal.search.text import render_headline

from . import selectors
from .selectors_offers import public_offers


def _providers(query: SearchQuery) -> list[SearchGroup]:
    if not query.wants("shop_providers"):
        return []
    found = best_matches(
        selectors.public_providers(), query, limit=query.limit, headline_of="description"
    )
    hits = [
        SearchHit(
            title=provider.name,
            url=reverse("shop:detail", args=[provider.slug]),
            excerpt=render_headline(getattr(provider, "headline", "")),
            meta=str(provider.get_trade_display()),
        )
        for provider in found.rows
    ]
    return [
        SearchGroup(
            key="shop_providers",
            label=_("Local businesses"),
            hits=hits,
            total=found.total,
            estimated=found.estimated,
            more_url=reverse("shop:list") + "?" + urlencode({"q": query.text}),
            order=20,
        )
    ]


def _offers(query: SearchQuery) -> list[SearchGroup]:
    if not query.wants("shop_offers"):
        return []
    found = best_matches(public_offers(), query, limit=query.limit, headline_of="description")
    hits = [
        SearchHit(
            title=offer.title,
            url=reverse("shop:offer", args=[offer.public_id]),
            excerpt=render_headline(getattr(offer, "headline", "")),
            meta=f"{offer.provider.name} · {offer.category.name}",
        )
        for offer in found.rows
    ]
    return [
        SearchGroup(
            key="shop_offers",
            label=_("Services offered"),
            hits=hits,
            total=found.total,
            estimated=found.estimated,
            more_url=reverse("shop:offers") + "?" + urlencode({"q": query.text}),
            order=21,
        )
    ]


def search_groups(query: SearchQuery) -> list[SearchGroup]:
    """Approved businesses and public offers matching `query`, best first; at most three
    queries per group."""
    return [*_providers(query), *_offers(query)]
