"""The town administrators' page of the providers' monthly fee invoices (/shop/invoices/):
what each business was invoiced, whether it paid, which invoices are overdue or whose payment
failed, and whether the ledger's receivables agree with the invoices. Nothing here blocks a
business: the administrators decide, in person, what to do about an unpaid invoice."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from billing.subscriptions.stripe_client import billing_enabled
from portal.accounts.models import Role
from portal.accounts.permissions import role_required
from portal.requests import TownRequest

from ..selectors_invoices import receivables_check, town_invoices
from ..statements import Month


@role_required(Role.TOWN_ADMIN)
@require_GET
def fee_invoices(request: TownRequest) -> HttpResponse:
    rows = town_invoices()
    months = [
        (Month(year, month), list(group))
        for (year, month), group in groupby(rows, key=lambda row: (row.year, row.month))
    ]
    return render(
        request,
        "shop/invoices.html",
        {
            "months": months,
            "billing_on": billing_enabled(),
            "check": receivables_check(),
            "attention": sum(1 for row in rows if row.is_overdue or row.payment_failed_at),
        },
    )
