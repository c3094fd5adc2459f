"""Reads of the shop's API: public offers and businesses with the list filters (category,
district, price model, the shared search), in a constant number of queries."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from portal.search.matching import closest
from portal.search.query import BadSearch, SearchQuery, parse_query

from .models import Offer, Provider
from .selectors import public_providers
from .selectors_offers import public_offers


def _search(query: str) -> SearchQuery | None:
    try:
        return parse_query(query)
    except BadSearch:  # what cannot be searched for is ignored, as on the pages
        return None


def find_offers(
    *, category: str = "", district: str = "", price_model: str = "", query: str = ""
) -> QuerySet[Offer]:
    """Public offers, filtered; with `query`, those matching it best first, else by title."""
    offers = public_offers()
    if category:
        offers = offers.filter(category__slug=category)
    if district:
        offers = offers.filter(districts__contains=[district])
    if price_model:
        offers = offers.filter(price_model=price_model)
    search = _search(query)
    if search is not None:
        return closest(offers, search)
    return offers.order_by("title", "id")


def find_public_providers(
    *, category: str = "", district: str = "", price_model: str = "", query: str = ""
) -> QuerySet[Provider]:
    """Approved businesses, filtered (category and price model: one of their public offers
    has it); with `query`, those matching it best first, else by name."""
    providers = public_providers()
    if district:
        providers = providers.filter(districts__contains=[district])
    if category or price_model:
        offers = public_offers().filter(provider=OuterRef("pk"))
        if category:
            offers = offers.filter(category__slug=category)
        if price_model:
            offers = offers.filter(price_model=price_model)
        providers = providers.filter(Exists(offers))
    search = _search(query)
    if search is not None:
        return closest(providers, search)
    return providers.order_by("name", "id")
