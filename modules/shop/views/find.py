"""Finding offers (categories with counts, district and price filters, the shared search)
and comparing two to four of one category side by side."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.requests import TownRequest

from ..models import PriceModel
from ..selectors_compare import MAX_COMPARED, compare_offers
from ..selectors_offers import (
    OfferFilters,
    category_counts,
    district_choices,
    find_offers,
)

PAGE_SIZE = 20


def _filters(request: TownRequest) -> OfferFilters:
    return OfferFilters(
        query=request.GET.get("q", "")[:200],
        category=request.GET.get("category", "")[:60],
        district=request.GET.get("district", "")[:80],
        price_model=request.GET.get("price_model", "")[:10],
    )


@require_GET
def offer_list(request: TownRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(find_offers(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {
        "q": filters.query,
        "district": filters.district,
        "price_model": filters.price_model,
    }
    base = {k: v for k, v in kept.items() if v}
    categories = [
        (count, "?" + urlencode({**base, "category": count.slug}))
        for count in category_counts(filters)
    ]
    return render(
        request,
        "shop/offer_list.html",
        {
            "page": page,
            "filters": filters,
            "categories": categories,
            "all_categories_url": "?" + urlencode(base),
            "districts": district_choices(),
            "price_models": PriceModel.choices,
            "page_query": urlencode({**base, "category": filters.category}),
            "max_compared": MAX_COMPARED,
        },
    )


@require_GET
def offer_compare(request: TownRequest) -> HttpResponse:
    comparison = compare_offers(request.GET.getlist("o"))
    return render(
        request,
        "shop/offer_compare.html",
        {"comparison": comparison},
        status=200 if not comparison.problem else 400,
    )
