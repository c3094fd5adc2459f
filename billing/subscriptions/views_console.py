"""The town administrators' read-only billing page in the console (/manage/billing/): their
own town's plan, subscription, next invoice, open and paid invoices, from the public schema's
rows of this town only."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from portal.console.permissions import town_admin_required
from portal.console.views import render_console
from portal.requests import TownRequest

from . import selectors
from .stripe_client import billing_enabled


@town_admin_required
@require_GET
def console_billing(request: TownRequest) -> HttpResponse:
    return render_console(
        request,
        "billing/console.html",
        "billing",
        {"billing": selectors.town_billing(request.tenant), "billing_on": billing_enabled()},
    )
