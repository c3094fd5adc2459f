"""Offer pages: one offer."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from portal.requests import TownRequest

from ..selectors_offers import visible_offer


@require_http_methods(["GET"])
def offer_detail(request: TownRequest, public_id: str) -> HttpResponse:
    offer = visible_offer(public_id=public_id, user=request.user)
    if offer is None:
        raise Http404
    return render(request, "shop/offer_detail.html", {"offer": offer})
