"""The committee's pages: the rounds in review, a round's proposals with the
recommendations so far, one proposal to recommend on or declare a tie to, and the chair's
close of the review."""

from __future__ import annotations

from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.accounts.models import Role
from portal.accounts.permissions import role_required
from portal.requests import TownRequest
from portal.validation import add_service_errors

from .. import access
from ..forms_committee import CloseReviewForm, DeclarationForm, RecommendationForm
from ..models import Declaration, Proposal, Recommendation, Round
from ..selectors_proposals import public_proposals, review_rows, round_by_slug, rounds_in_review
from ..services import committee as services

committee_required = role_required(Role.COMMITTEE, Role.COMMITTEE_CHAIR)


def _logged_in(view: Any) -> Any:
    """Logged in; the view looks its object up first (a 404 for what is not in this town,
    whoever asks) and then asks `access` (a 403 that says why)."""

    @wraps(view)
    def wrapped(request: TownRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)  # type: ignore[no-any-return]

    return wrapped


def _posted(request: TownRequest) -> Any:
    """The form's data on a POST (even an empty one: a bound form), None on a GET."""
    return request.POST if request.method == "POST" else None


def _round(slug: str) -> Round:
    fund_round = round_by_slug(slug)
    if fund_round is None:
        raise Http404
    return fund_round


def _proposal(public_id: UUID) -> Proposal:
    proposal = public_proposals().filter(public_id=public_id).first()
    if proposal is None:
        raise Http404
    return proposal


@committee_required
@require_GET
def committee(request: TownRequest) -> HttpResponse:
    return render(request, "fund/committee/index.html", {"rounds": list(rounds_in_review())})


@_logged_in
@require_GET
def committee_round(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002 (the URL names it)
    fund_round = _round(round)
    access.require_member(request.user)
    rows = review_rows(fund_round=fund_round, member=request.user)
    context: dict[str, Any] = {
        "round": fund_round,
        "rows": rows,
        "in_review": services.in_review(fund_round),
        "is_chair": access.is_chair(request.user),
    }
    if context["is_chair"] and context["in_review"]:
        context["close_form"] = CloseReviewForm(proposals=services.candidates(fund_round))
    return render(request, "fund/committee/round.html", context)


@_logged_in
@require_http_methods(["GET", "POST"])
def committee_proposal(request: TownRequest, proposal: UUID) -> HttpResponse:
    found = _proposal(proposal)
    access.require_member(request.user)
    refusal = services.review_refusal(proposal=found, member=request.user)
    mine = Recommendation.objects.filter(proposal=found, member=request.user).first()
    initial = {"verdict": mine.verdict, "reason": mine.reason} if mine else None
    form = RecommendationForm(_posted(request), initial=initial)
    if request.method == "POST":
        if refusal:
            raise PermissionDenied(refusal)
        if form.is_valid():
            try:
                services.recommend(
                    proposal=found,
                    member=request.user,
                    verdict=form.cleaned_data["verdict"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your recommendation has been saved."))
                return redirect("fund:committee_round", round=found.round.slug)
    return render(
        request,
        "fund/committee/proposal.html",
        {
            "proposal": found,
            "photos": list(found.photos.all()),
            "form": form,
            "refusal": refusal,
            "mine": mine,
            "declared": Declaration.objects.filter(proposal=found, member=request.user).exists(),
            "in_review": services.in_review(found.round),
        },
        status=400 if form.errors else 200,
    )


@_logged_in
@require_http_methods(["GET", "POST"])
def committee_declare(request: TownRequest, proposal: UUID) -> HttpResponse:
    found = _proposal(proposal)
    access.require_member(request.user)
    form = DeclarationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(
                proposal=found, member=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. You do not review this proposal."))
            return redirect("fund:committee_round", round=found.round.slug)
    return render(
        request,
        "fund/committee/declare.html",
        {"proposal": found, "form": form},
        status=400 if form.errors else 200,
    )


@_logged_in
@require_http_methods(["GET", "POST"])
def committee_close(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002 (the URL names it)
    fund_round = _round(round)
    access.require_chair(request.user)
    if not services.in_review(fund_round):
        messages.error(
            request, _("The committee's review of this round is not open (or already closed).")
        )
        return redirect("fund:committee_round", round=fund_round.slug)
    form = CloseReviewForm(_posted(request), proposals=services.candidates(fund_round))
    if request.method == "POST" and form.is_valid():
        try:
            services.close_review(
                fund_round=fund_round,
                chair=request.user,
                shortlist=form.shortlist(),
                reasons=form.reasons(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The review is closed; the proposers have been told."))
            return redirect(reverse("fund:committee_round", args=[fund_round.slug]))
    return render(
        request,
        "fund/committee/close.html",
        {"round": fund_round, "form": form},
        status=400 if form.errors else 200,
    )
