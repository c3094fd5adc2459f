"""The LQ Fonds' public pages: the fund, the list of rounds and one round."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal import registry
from portal.requests import TownRequest

from ..access import may_administer
from ..charts import contributions_chart, month_label
from ..models import Phase, phase_index
from ..selectors import fund_overview
from ..selectors_rounds import (
    all_rounds,
    current_round,
    next_round,
    past_rounds,
    result_rows,
    round_by_slug,
)


@require_GET
def overview(request: TownRequest) -> HttpResponse:
    """What the fund is, its balance, the orders that fed it, the last 12 months, the
    current round and the past rounds with their winners and impact."""
    figures = fund_overview()
    rows = [(month_label(month), month.cents) for month in reversed(figures.months)]
    context = {
        "summary": figures.summary,
        "chart": contributions_chart(figures.months),
        "rows": rows,
        "shop_on": registry.module_on_in_current_town("shop"),
        "current": current_round(),
        "upcoming": next_round(),
        "past": past_rounds(),
    }
    return render(request, "fund/overview.html", context)


@require_GET
def rounds(request: TownRequest) -> HttpResponse:
    """Every round of the town, newest first."""
    return render(request, "fund/rounds.html", {"rounds": all_rounds()})


@require_GET
def round_page(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    """One round: phase, dates, rules, shortlist, result, payouts and impact reports."""
    fund_round = round_by_slug(round)
    index = phase_index(fund_round.phase)
    context = {
        "round": fund_round,
        "phase_label": Phase(fund_round.phase).label,
        "shortlist": fund_round.shortlist,  # type: ignore[attr-defined]
        "results": result_rows(fund_round),
        "payouts": list(fund_round.payouts.all()),
        "voting": fund_round.phase == Phase.VOTING,
        "proposing": fund_round.phase == Phase.PROPOSALS,
        "counted": index >= phase_index(Phase.RESULTS) and fund_round.counted_at is not None,
        "shortlist_public": fund_round.review_closed_at is not None,
        "administrator": may_administer(request.user),
    }
    return render(request, "fund/round.html", context)
