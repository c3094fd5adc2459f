"""The written order of a confirmed order, as a page and as a PDF: for the order's parties and
the network manager (who prints it for a resident without e-mail).

Before the resident confirms there is no written order: both addresses answer 404 with a page
saying it exists once the order is confirmed. Whoever may not see the order gets the plain
404 of an order that does not exist.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from portal.accounts.permissions import participation_required
from portal.branding.selectors import current_branding
from portal.requests import TownRequest

from ..models import Order
from ..written_order import is_written, render_written_order_pdf, written_order_context
from .orders import order_or_404


def _not_yet(request: TownRequest, order: Order) -> HttpResponse:
    return render(request, "shop/written_order_missing.html", {"order": order}, status=404)


@participation_required
@require_safe
def written_order(request: TownRequest, public_id: str) -> HttpResponse:
    order = order_or_404(request, public_id)
    if not is_written(order):
        return _not_yet(request, order)
    context = written_order_context(order, branding=current_branding())
    response = render(request, "shop/written_order.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@participation_required
@require_safe
def written_order_pdf(request: TownRequest, public_id: str) -> HttpResponse:
    order = order_or_404(request, public_id)
    if not is_written(order):
        return _not_yet(request, order)
    content = render_written_order_pdf(
        order, branding=current_branding(), language=translation.get_language() or "de"
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
