"""Message threads between a listing's owner and the people interested in it."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.accounts.permissions import participation_required
from portal.forms_views import form_page
from portal.requests import TownRequest
from portal.validation import add_service_errors

from .. import selectors, services
from ..forms import MessageForm, ReasonForm
from ..models import Thread


@participation_required
@require_GET
def threads(request: TownRequest) -> HttpResponse:
    return render(request, "exchange/threads.html", {"threads": selectors.threads_of(request.user)})


def _thread(request: TownRequest, public_id: UUID) -> Thread:
    thread = selectors.thread_for(public_id=public_id, user=request.user)
    if thread is None:
        raise Http404
    return thread


@participation_required
@require_http_methods(["GET", "POST"])
def thread(request: TownRequest, public_id: UUID) -> HttpResponse:
    conversation = _thread(request, public_id)
    is_party = request.user.pk in (conversation.interested_id, conversation.listing.owner_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_message(
                sender=request.user, thread=conversation, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect("exchange:thread", public_id=conversation.public_id)
    if request.method == "GET" and is_party:
        services.mark_thread_read(thread=conversation, reader=request.user)
    other = (
        conversation.listing.owner
        if request.user.pk == conversation.interested_id
        else conversation.interested
    )
    return render(
        request,
        "exchange/thread.html",
        {
            "thread": conversation,
            "listing": conversation.listing,
            "other": other,
            "is_party": is_party,
            "form": form,
            "can_transfer": is_party
            and conversation.listing.listing_type == conversation.listing.Type.TIME,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def report_message(request: TownRequest, public_id: UUID) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    message = selectors.message_for(public_id=public_id, user=request.user)
    if message is None:
        raise Http404
    return form_page(
        request,
        form_class=ReasonForm,
        template="exchange/form_page.html",
        action=lambda data: services.report_content(
            reporter=request.user, message=message, reason=data["reason"]
        ),
        done=_("Thank you. The moderators will look at it."),
        redirect_to=reverse("exchange:thread", args=[message.thread.public_id]),
        context={
            "title": _("Report a message"),
            # A hidden message's text is gone for everyone but the moderators' log.
            "intro": _("The moderators have already hidden this message.")
            if message.is_hidden
            else message.body[:200],
            "submit": _("Send report"),
        },
    )
