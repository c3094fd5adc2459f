"""Proposal pages: a round's proposals, one proposal, proposing and editing, photos,
withdrawing, reporting, and the person's own proposals."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.permissions import participation_required
from portal.behalf.selectors import consent_refusal, person_for
from portal.behalf.views import consent_refused
from portal.files import private_file_response, public_file_response
from portal.forms_views import form_page, post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from .. import access
from ..forms_proposals import (
    ProposalForm,
    ProposalPhotoForm,
    ReportForm,
    organisation_of,
    proposal_fields,
)
from ..models import Proposal, ProposalPhoto, Round
from ..scopes import PROPOSING
from ..selectors_proposals import (
    is_public,
    may_see,
    organisation_choices,
    photo_for,
    proposals_of,
    proposals_of_round,
    public_round,
    round_taking_proposals,
    visible_proposal,
)
from ..services import proposals as services
from ..services.photos import MAX_PHOTOS


def _posted(request: TownRequest) -> Any:
    """The form's data on a POST (even an empty one: a bound form), None on a GET."""
    return request.POST if request.method == "POST" else None


def _round(slug: str) -> Round:
    fund_round = public_round(slug)
    if fund_round is None:
        raise Http404
    return fund_round


def _visible(request: TownRequest, public_id: UUID) -> Proposal:
    proposal = visible_proposal(public_id=public_id, user=request.user)
    if proposal is None:
        raise Http404
    return proposal


def _owned(request: TownRequest, public_id: UUID) -> Proposal:
    proposal = _visible(request, public_id)
    if not access.owns(request.user, proposal):
        raise PermissionDenied
    return proposal


def _link(proposal: Proposal) -> str:
    return reverse("fund:proposal", args=[proposal.public_id])


@require_GET
def round_proposals(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002 (the URL names it)
    fund_round = _round(round)
    return render(
        request,
        "fund/proposals/round.html",
        {
            "round": fund_round,
            "proposals": proposals_of_round(fund_round),
            "open": services.proposals_open(fund_round),
        },
    )


@require_GET
def proposal_detail(request: TownRequest, proposal: UUID) -> HttpResponse:
    found = _visible(request, proposal)
    owns = access.owns(request.user, found)
    public = is_public(found)
    return render(
        request,
        "fund/proposals/detail.html",
        {
            "proposal": found,
            "photos": list(found.photos.all()),
            "owns": owns,
            "editable": owns and services.editable(found),
            "withdrawable": owns and services.withdrawable(found),
            "may_report": public and request.user.is_authenticated and not owns,
        },
    )


@participation_required
@require_http_methods(["GET", "POST"])
def propose(request: TownRequest, round: str) -> HttpResponse:  # noqa: A002 (the URL names it)
    fund_round = _round(round)
    if not services.proposals_open(fund_round):
        return render(request, "fund/proposals/closed.html", {"round": fund_round}, status=409)
    organisations = organisation_choices(request.user)

    def run(data: dict[str, Any]) -> str:
        created = services.submit_proposal(
            fund_round=fund_round,
            proposer=request.user,
            organisation=organisation_of(data, organisations),
            **proposal_fields(data),
        )
        return reverse("fund:proposal_photos", args=[created.public_id])

    return form_page(
        request,
        form_class=ProposalForm,
        template="fund/proposals/form.html",
        action=run,
        done=_(
            "Thank you, your proposal has been received. You can now add photos. "
            "It becomes public once a moderator has approved it."
        ),
        context={"round": fund_round, "proposal": None},
        form_kwargs={"organisations": organisations},
    )


@participation_required
@require_http_methods(["GET", "POST"])
def propose_for(request: TownRequest, person: UUID) -> HttpResponse:
    """A network manager proposes a project for a resident who phoned (with their consent)."""
    someone = person_for(public_id=person)
    if someone is None:
        raise Http404
    reason = consent_refusal(actor=request.user, person=someone, scope=PROPOSING)
    if reason is not None:
        return consent_refused(request, person=someone, message=reason)
    fund_round = round_taking_proposals()
    if fund_round is None:
        return render(request, "fund/proposals/closed.html", {"round": None}, status=409)

    def run(data: dict[str, Any]) -> str:
        services.submit_proposal(
            fund_round=fund_round,
            proposer=request.user,
            on_behalf_of=someone,
            **proposal_fields(data),
        )
        return reverse("behalf:person", args=[someone.public_id])

    return form_page(
        request,
        form_class=ProposalForm,
        template="fund/proposals/form.html",
        action=run,
        done=_("The proposal has been sent for %(name)s.") % {"name": someone.full_name},
        context={"round": fund_round, "proposal": None, "person": someone},
    )


@participation_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: TownRequest, proposal: UUID) -> HttpResponse:
    found = _owned(request, proposal)
    if not services.editable(found):
        messages.error(
            request, _("This proposal can no longer be changed: the committee's review has begun.")
        )
        return redirect(_link(found))

    def run(data: dict[str, Any]) -> object:
        return services.edit_proposal(proposal=found, by=request.user, **proposal_fields(data))

    return form_page(
        request,
        form_class=ProposalForm,
        template="fund/proposals/form.html",
        action=run,
        done=_("Your proposal has been saved."),
        redirect_to=_link(found),
        initial=ProposalForm.initial_of(found),
        context={"round": found.round, "proposal": found},
    )


@participation_required
@require_http_methods(["GET", "POST"])
def proposal_photos(request: TownRequest, proposal: UUID) -> HttpResponse:
    found = _owned(request, proposal)
    form = ProposalPhotoForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["image"]
        try:
            services.add_proposal_photo(
                proposal=found,
                by=request.user,
                upload=upload,
                size=upload.size,
                alt_text=form.cleaned_data["alt_text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect("fund:proposal_photos", proposal=found.public_id)
    return render(
        request,
        "fund/proposals/photos.html",
        {
            "proposal": found,
            "form": form,
            "photos": list(found.photos.all()),
            "max": MAX_PHOTOS,
            "editable": services.editable(found),
        },
        status=400 if form.errors else 200,
    )


def _photo(proposal: UUID, photo: UUID) -> ProposalPhoto:
    found = photo_for(photo)
    if found is None or found.proposal.public_id != proposal:
        raise Http404
    return found


@participation_required
@require_http_methods(["GET", "POST"])
def proposal_photo_delete(request: TownRequest, proposal: UUID, photo: UUID) -> HttpResponse:
    owned = _owned(request, proposal)
    found = _photo(proposal, photo)
    back = reverse("fund:proposal_photos", args=[owned.public_id])
    if request.method == "POST":
        return post_action(
            request,
            run=lambda: services.delete_proposal_photo(photo=found, by=request.user),
            success=_("The photo has been removed."),
            redirect_to=back,
        )
    return render(
        request,
        "portal/confirm.html",
        {
            "title": _("Remove this photo?"),
            "consequences": [
                _("The photo of “%(title)s” is deleted for good.") % {"title": owned.title}
            ],
            "confirm_label": _("Yes, remove the photo"),
            "back": back,
        },
    )


@require_GET
def proposal_photo_file(request: TownRequest, proposal: UUID, photo: UUID) -> FileResponse:
    """Cacheable while the proposal is public; otherwise only for whoever may see it."""
    found = _photo(proposal, photo)
    name = str(found.image.name)
    if is_public(found.proposal):
        return public_file_response(path=name)
    return private_file_response(request, path=name, allowed=may_see(request.user, found.proposal))


@participation_required
@require_POST
def proposal_withdraw(request: TownRequest, proposal: UUID) -> HttpResponse:
    found = _owned(request, proposal)
    return post_action(
        request,
        run=lambda: services.withdraw_proposal(proposal=found, by=request.user),
        success=_("Your proposal has been withdrawn."),
        redirect_to=_link(found),
    )


@participation_required
@require_http_methods(["GET", "POST"])
def proposal_report(request: TownRequest, proposal: UUID) -> HttpResponse:
    found = _visible(request, proposal)
    if not is_public(found):
        raise Http404
    return form_page(
        request,
        form_class=ReportForm,
        template="fund/proposals/report.html",
        action=lambda data: services.report_proposal(
            proposal=found, reporter=request.user, reason=data["reason"]
        ),
        done=_("Thank you. The moderators will look at this proposal."),
        redirect_to=_link(found),
        context={"proposal": found},
    )


@participation_required
@require_GET
def my_proposals(request: TownRequest) -> HttpResponse:
    return render(request, "fund/proposals/mine.html", {"proposals": proposals_of(request.user)})
