"""The e-letter in the town console (/manage/letters/): for moderators and administrators.

Letters are looked up by public id in the current town's schema only: another town's id is
a 404. A draft is edited and previewed; a sent letter shows how far the sending is.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.console.permissions import moderator_required
from portal.console.views import render_console
from portal.forms_views import post_action
from portal.letters import selectors, services
from portal.letters.forms import LetterForm, StartForm
from portal.letters.mailing import letter_context
from portal.letters.models import Letter
from portal.letters.recipients import letter_recipients
from portal.requests import TownRequest
from portal.validation import add_service_errors


def _letter(public_id: UUID) -> Letter:
    return get_object_or_404(Letter, public_id=public_id)


def _edit_url(letter: Letter) -> str:
    return reverse("letter_console:edit", args=[letter.public_id])


@moderator_required
@require_http_methods(["GET", "POST"])
def index(request: TownRequest) -> HttpResponse:
    form = StartForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            year, quarter = form.chosen()
            try:
                letter = services.start_letter(year=year, quarter=quarter, by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc, default_field="quarter")
            else:
                return HttpResponseRedirect(_edit_url(letter))
        status = 400
    return render_console(
        request,
        "letters/console/index.html",
        "letters",
        {"form": form, "letters": selectors.letters()},
        status=status,
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def edit(request: TownRequest, public_id: UUID) -> HttpResponse:
    letter = _letter(public_id)
    if not letter.is_draft:
        return render_console(
            request,
            "letters/console/status.html",
            "letters",
            {"letter": letter, "progress": selectors.progress(letter)},
        )
    form = LetterForm(request.POST if request.method == "POST" else None, letter=letter)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.edit_letter(
                    letter=letter,
                    title=form.cleaned_data["title"],
                    intro=form.cleaned_data["intro"],
                    sections=form.sections(),
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                target = "preview" if "preview" in request.POST else "edit"
                return HttpResponseRedirect(
                    reverse(f"letter_console:{target}", args=[letter.public_id])
                )
        status = 400
    return render_console(
        request,
        "letters/console/edit.html",
        "letters",
        {"letter": letter, "form": form},
        status=status,
    )


@moderator_required
@require_http_methods(["GET"])
def preview(request: TownRequest, public_id: UUID) -> HttpResponse:
    letter = _letter(public_id)
    return render_console(
        request,
        "letters/console/preview.html",
        "letters",
        {
            **letter_context(letter),
            "letter": letter,
            "recipient_count": letter_recipients().count(),
        },
    )


@moderator_required
@require_POST
def send(request: TownRequest, public_id: UUID) -> HttpResponse:
    letter = _letter(public_id)
    return post_action(
        request,
        run=lambda: services.send_letter(letter=letter, by=request.user),
        success=_("The letter is being sent. This page shows how far it is."),
        redirect_to=_edit_url(letter),
    )


@moderator_required
@require_POST
def resume(request: TownRequest, public_id: UUID) -> HttpResponse:
    letter = _letter(public_id)
    return post_action(
        request,
        run=lambda: services.resume_sending(letter=letter),
        success=_("Sending continues for everyone who has not received the letter yet."),
        redirect_to=_edit_url(letter),
    )


@moderator_required
@require_POST
def resend_uncertain(request: TownRequest, public_id: UUID) -> HttpResponse:
    letter = _letter(public_id)
    return post_action(
        request,
        run=lambda: services.resend_uncertain(letter=letter, by=request.user),
        success=_("The letter is sent again to the people whose copy was uncertain."),
        redirect_to=_edit_url(letter),
    )
