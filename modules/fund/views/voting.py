"""The vote's pages: the ballot and its receipt, the receipt check, the published files, the
poll worker's paper entry and the network office's ballot by phone.

The receipt page is the POST's answer, never a redirect: the code exists only in that one
response (stored as its hash), so it must not pass through a URL or the session."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal.accounts.models import Role, User
from portal.accounts.permissions import role_required
from portal.behalf.selectors import consent_refusal, person_for, valid_consents
from portal.behalf.views import consent_refused, network_manager_required
from portal.requests import TownRequest
from portal.validation import add_service_errors

from ..ballot_files import receipts_text, write_csv, write_pabulib
from ..eligibility import vote_refusal
from ..forms_voting import BallotForm, PersonSearchForm, ReceiptCheckForm
from ..models import Phase, Round, TieRule, VoteMethod
from ..scopes import VOTING
from ..selectors_voting import (
    ballot_projects,
    is_counted,
    my_vote,
    published_box,
    receipt_counted,
    receipt_hashes,
    round_by_slug,
)
from ..services.ballots import (
    cast_ballot,
    closing_time,
    enter_paper_ballot,
    record_assisted_ballot,
)

PAPER = "paper"
ASSISTED = "assisted"


def round_or_404(slug: str) -> Round:
    fund_round = round_by_slug(slug)
    if fund_round is None:
        raise Http404
    return fund_round


def counted_round_or_404(slug: str) -> Round:
    """A round whose result is out: before the count its box is not published."""
    fund_round = round_or_404(slug)
    if not is_counted(fund_round):
        raise Http404
    return fund_round


def _rules(fund_round: Round) -> dict[str, Any]:
    return {
        "fund_round": fund_round,
        "closes": closing_time(fund_round),
        "tie_rule": TieRule(fund_round.tie_rule).label,
        "approval": fund_round.method == VoteMethod.APPROVAL,
    }


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _receipt_page(
    request: TownRequest, fund_round: Round, code: str, *, person: User | None, kind: str = ""
) -> HttpResponse:
    return _no_store(
        render(
            request,
            "fund/voting/receipt.html",
            {"fund_round": fund_round, "code": code, "person": person, "kind": kind},
        )
    )


@require_http_methods(["GET", "POST"])
def vote(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002 (the URL's name)
    """The ballot: a refusal that says why, "you have voted", or the form and its receipt."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    fund_round = round_or_404(round)
    user = request.user
    assert isinstance(user, User)
    mine = my_vote(fund_round, user)
    if mine.voted:
        return render(request, "fund/voting/voted.html", {**_rules(fund_round), "mine": mine})
    reason = vote_refusal(user)
    if reason is None and fund_round.phase != Phase.VOTING:
        reason = _("Voting is not open in this round.")
    if reason is not None:
        return render(
            request,
            "fund/voting/refused.html",
            {**_rules(fund_round), "reason": reason},
            status=403,
        )
    projects = list(ballot_projects(fund_round))
    form = BallotForm(
        request.POST if request.method == "POST" else None, fund_round=fund_round, projects=projects
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                code = cast_ballot(
                    fund_round=fund_round, voter=user, choices=form.cleaned_data["choices"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _receipt_page(request, fund_round, code, person=None)
    return render(
        request,
        "fund/voting/ballot.html",
        {**_rules(fund_round), "form": form, "projects": projects, "person": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def receipts(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    """Check a receipt code: counted or not found, with the totals."""
    fund_round = counted_round_or_404(round)
    form = ReceiptCheckForm(request.POST if request.method == "POST" else None)
    found: bool | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            found = receipt_counted(fund_round, form.cleaned_data["code"])
        else:
            status = 400
    hashes = len(receipt_hashes(fund_round))
    return render(
        request,
        "fund/voting/receipts.html",
        {"fund_round": fund_round, "form": form, "found": found, "receipts": hashes},
        status=status,
    )


def _file(content: str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def ballots_csv(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    fund_round = counted_round_or_404(round)
    return _file(
        write_csv(published_box(fund_round)),
        content_type="text/csv; charset=utf-8",
        filename=f"lq-fonds-{fund_round.slug}-stimmzettel.csv",
    )


@require_safe
def ballots_pb(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    fund_round = counted_round_or_404(round)
    return _file(
        write_pabulib(published_box(fund_round)),
        content_type="text/plain; charset=utf-8",
        filename=f"lq-fonds-{fund_round.slug}.pb",
    )


@require_safe
def receipts_txt(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    fund_round = counted_round_or_404(round)
    return _file(
        receipts_text(receipt_hashes(fund_round)),
        content_type="text/plain; charset=utf-8",
        filename=f"lq-fonds-{fund_round.slug}-quittungen.txt",
    )


def _people(kind: str, actor: User, query: str) -> list[User]:
    """Whom the page may enter a ballot for: for paper any resident found by name or
    address; by phone only those with a voting consent in force for `actor`."""
    people = User.objects.people().filter(is_active=True).order_by("full_name", "pk")
    if kind == ASSISTED:
        consenting = (
            valid_consents()
            .filter(scopes__contains=[VOTING])
            .filter(Q(helper__isnull=True) | Q(helper=actor))
            .values("person")
        )
        people = people.filter(pk__in=consenting)
    elif not query:
        return []
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(email__iexact=query))
    return list(people[:30])


def _entry_page(request: TownRequest, round_slug: str, kind: str) -> HttpResponse:
    fund_round = round_or_404(round_slug)
    actor = request.user
    assert isinstance(actor, User)
    url = reverse(f"fund:{kind}_ballot", args=[fund_round.slug])
    person_id = request.POST.get("person") or request.GET.get("person")
    person = None
    if person_id:
        try:
            person = person_for(public_id=UUID(person_id))
        except ValueError:
            person = None
        if person is None:
            raise Http404
    if fund_round.phase != Phase.VOTING:
        return render(
            request,
            "fund/voting/refused.html",
            {**_rules(fund_round), "reason": _("Voting is not open in this round.")},
            status=403,
        )
    if person is None:
        search = PersonSearchForm(request.GET if "q" in request.GET else None)
        query = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
        return render(
            request,
            "fund/voting/find_person.html",
            {
                **_rules(fund_round),
                "search": search,
                "people": _people(kind, actor, query),
                "kind": kind,
                "url": url,
            },
            status=400 if search.is_bound and search.errors else 200,
        )
    if kind == ASSISTED:
        reason = consent_refusal(actor=actor, person=person, scope=VOTING)
        if reason is not None:
            return consent_refused(request, person=person, message=reason)
    projects = list(ballot_projects(fund_round))
    form = BallotForm(
        request.POST if request.method == "POST" else None,
        fund_round=fund_round,
        projects=projects,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            choices = form.cleaned_data["choices"]
            try:
                if kind == PAPER:
                    code = enter_paper_ballot(
                        fund_round=fund_round, voter=person, choices=choices, poll_worker=actor
                    )
                else:
                    code = record_assisted_ballot(
                        fund_round=fund_round, voter=person, choices=choices, by=actor
                    )
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                return _receipt_page(request, fund_round, code, person=person, kind=kind)
    return render(
        request,
        "fund/voting/ballot.html",
        {
            **_rules(fund_round),
            "form": form,
            "projects": projects,
            "person": person,
            "kind": kind,
            "url": url,
        },
        status=status,
    )


@role_required(Role.POLL_WORKER, Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def paper_ballot(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    """A poll worker finds the resident and enters their paper ballot."""
    return _entry_page(request, round, PAPER)


@network_manager_required
@require_http_methods(["GET", "POST"])
def assisted_ballot(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002
    """The network office records the ballot a resident with consent gives by phone."""
    return _entry_page(request, round, ASSISTED)


@network_manager_required
@require_safe
def assisted_for(request: TownRequest, person: str) -> HttpResponse:
    """From the person's page under "helping": the ballot by phone in the round now voting."""
    someone = person_for(public_id=person)
    fund_round = Round.objects.filter(phase=Phase.VOTING).order_by("voting_ends_at").first()
    if someone is None or fund_round is None:
        raise Http404
    url = reverse("fund:assisted_ballot", args=[fund_round.slug])
    return HttpResponseRedirect(f"{url}?person={someone.public_id}")
