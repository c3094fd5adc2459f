"""Printables of the vote, as large-print pages and PDFs with the same body: the paper
ballot sheet of a round and its result notice. Autoescaped like every page; the PDF is
rendered by `portal.pdf` (no script, nothing fetched)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_safe

from portal.pdf import render_pdf
from portal.requests import TownRequest

from ..models import Payout, Round, TieRule, VoteMethod
from ..selectors_voting import ballot_projects
from ..services.ballots import closing_time
from ..tally import allocate, stored_counts, voted_ranking
from .voting import counted_round_or_404, round_or_404

STYLESHEET = Path(__file__).resolve().parents[1] / "static" / "fund" / "print.css"


def _sheet_round(slug: str) -> Round:
    """A round whose shortlist is closed (its ballot exists)."""
    fund_round = round_or_404(slug)
    if fund_round.review_closed_at is None:
        raise Http404
    return fund_round


def sheet_context(fund_round: Round) -> dict[str, Any]:
    return {
        "fund_round": fund_round,
        "projects": list(ballot_projects(fund_round)),
        "closes": closing_time(fund_round),
        "approval": fund_round.method == VoteMethod.APPROVAL,
        "tie_rule": TieRule(fund_round.tie_rule).label,
    }


def notice_context(fund_round: Round) -> dict[str, Any]:
    """The result: each project's votes in rank order and what it was granted (its payout,
    or before the payouts what the allocation gives it)."""
    projects = {p.ballot_number: p for p in ballot_projects(fund_round)}
    counts = stored_counts(fund_round.counts)
    ranking = [number for number in fund_round.ranking or [] if number in projects]
    voted = voted_ranking(ranking, counts)
    amounts = {number: projects[number].amount_cents for number in ranking}
    # Once the payouts are posted, they are what was granted (the fund may have held less
    # at the payout than at the count); before, what the allocation will give.
    paid = dict(
        Payout.objects.filter(round=fund_round).values_list(
            "proposal__ballot_number", "amount_cents"
        )
    )
    granted = paid or dict(allocate(voted, amounts, fund_round.amount_cents or 0))
    rows = [
        {
            "rank": position,
            "project": projects[number],
            "votes": counts.get(number, 0),
            "granted": granted.get(number, 0),
        }
        for position, number in enumerate(ranking, start=1)
    ]
    return {
        "fund_round": fund_round,
        "rows": rows,
        "distributed": sum(granted.values()),
        "left": (fund_round.amount_cents or 0) - sum(granted.values()),
        "tie_rule": TieRule(fund_round.tie_rule).label,
    }


def _pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    language = translation.get_language() or "de"
    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    response = HttpResponse(
        render_pdf(html, stylesheets=(STYLESHEET,)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def ballot_sheet(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    """The paper ballot to print, for the polling places."""
    return render(request, "fund/print/ballot_sheet.html", sheet_context(_sheet_round(round)))


@require_safe
def ballot_sheet_pdf(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    fund_round = _sheet_round(round)
    return _pdf(
        "fund/print/ballot_sheet_pdf.html",
        sheet_context(fund_round),
        f"lq-fonds-{fund_round.slug}-stimmzettel.pdf",
    )


@require_safe
def result_notice(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    """The result to post in the town hall: counts, ballots, digest, winners and amounts."""
    return render(
        request, "fund/print/result_notice.html", notice_context(counted_round_or_404(round))
    )


@require_safe
def result_notice_pdf(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    fund_round = counted_round_or_404(round)
    return _pdf(
        "fund/print/result_notice_pdf.html",
        notice_context(fund_round),
        f"lq-fonds-{fund_round.slug}-ergebnis.pdf",
    )
