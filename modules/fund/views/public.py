"""The LQ Fonds' public page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal import registry
from portal.requests import TownRequest

from ..charts import contributions_chart, month_label
from ..selectors import fund_overview


@require_GET
def overview(request: TownRequest) -> HttpResponse:
    """What the fund is, its balance, the orders that fed it and the last 12 months."""
    figures = fund_overview()
    rows = [(month_label(month), month.cents) for month in reversed(figures.months)]
    context = {
        "summary": figures.summary,
        "chart": contributions_chart(figures.months),
        "rows": rows,
        "shop_on": registry.module_on_in_current_town("shop"),
    }
    return render(request, "fund/overview.html", context)
