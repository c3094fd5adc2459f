"""A business's monthly fee statement, as a page and as a PDF."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from portal.accounts.permissions import participation_required
from portal.pdf import render_pdf
from portal.requests import TownRequest

from .. import selectors
from ..selectors_dashboard import may_see_statement
from ..selectors_invoices import invoice_of_statement
from ..statements import FeeStatement, NoStatement, fee_statement

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "shop" / "statement.css"


def _statement(request: TownRequest, slug: str, year: int, month: int) -> FeeStatement:
    provider = selectors.visible_provider(slug=slug, user=request.user)
    if provider is None:
        raise Http404
    if not may_see_statement(user=request.user, provider=provider):
        raise PermissionDenied
    try:
        return fee_statement(provider=provider, year=year, month=month)
    except NoStatement:
        raise Http404 from None


@participation_required
@require_GET
def statement(request: TownRequest, slug: str, year: int, month: int) -> HttpResponse:
    found = _statement(request, slug, year, month)
    invoice = invoice_of_statement(provider_key=found.provider_key, period=found.period)
    return render(request, "shop/statement.html", {"statement": found, "invoice": invoice})


@participation_required
@require_GET
def statement_pdf(request: TownRequest, slug: str, year: int, month: int) -> HttpResponse:
    found = _statement(request, slug, year, month)
    html = render_to_string("shop/statement_pdf.html", {"statement": found}, request=request)
    response = HttpResponse(
        render_pdf(html, stylesheets=(STYLESHEET,)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{found.number}.pdf"'
    return response
