"""Order pages: one order, for its parties and the network manager."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from portal.accounts.permissions import participation_required
from portal.requests import TownRequest

from ..selectors_orders import visible_order


@participation_required
@require_http_methods(["GET"])
def order_detail(request: TownRequest, public_id: str) -> HttpResponse:
    order = visible_order(public_id=public_id, user=request.user)
    if order is None:
        raise Http404
    events = list(order.events.select_related("actor", "on_behalf_of"))
    return render(request, "shop/order_detail.html", {"order": order, "events": events})
