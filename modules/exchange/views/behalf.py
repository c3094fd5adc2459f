"""A network manager acts in the exchange for a resident who gave consent.

Each page names the person in its URL (their public id, looked up in this town only, so
another town's id is a 404). The services check the consent again on every write.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.models import User
from portal.behalf.selectors import consent_refusal, person_for
from portal.behalf.views import consent_refused, network_manager_required
from portal.forms_views import post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from .. import selectors, services
from ..forms import ListingForm, MessageForm
from ..models import TimeTransfer
from ..scopes import LISTINGS, MESSAGES, TIME

PersonView = Callable[..., HttpResponse]


def for_person(scope: str) -> Callable[[PersonView], PersonView]:
    """Resolve `person` from the URL and refuse (403, with a way forward) without consent."""

    def decorator(view: PersonView) -> PersonView:
        @wraps(view)
        def wrapped(request: TownRequest, person: UUID, **kwargs: Any) -> HttpResponse:
            someone = person_for(public_id=person)
            if someone is None:
                raise Http404
            reason = consent_refusal(actor=request.user, person=someone, scope=scope)
            if reason is not None:
                return consent_refused(request, person=someone, message=reason)
            return view(request, someone, **kwargs)

        return wrapped

    return decorator


@network_manager_required
@for_person(LISTINGS)
@require_http_methods(["GET", "POST"])
def create(request: TownRequest, person: User) -> HttpResponse:
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.create_listing(
                owner=request.user, on_behalf_of=person, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The listing for %(name)s is online.") % {"name": person.full_name},
            )
            return redirect("exchange:detail", public_id=listing.public_id)
    return render(
        request,
        "exchange/listing_form.html",
        {
            "form": form,
            "title": _("Post a listing for %(name)s") % {"name": person.full_name},
        },
        status=400 if form.errors else 200,
    )


@network_manager_required
@for_person(MESSAGES)
@require_GET
def threads(request: TownRequest, person: User) -> HttpResponse:
    return render(
        request,
        "exchange/behalf/threads.html",
        {"person": person, "threads": selectors.threads_of(person)},
    )


@network_manager_required
@for_person(MESSAGES)
@require_http_methods(["GET", "POST"])
def thread(request: TownRequest, person: User, public_id: UUID) -> HttpResponse:
    conversation = selectors.thread_for(public_id=public_id, user=person)
    if conversation is None or person.pk not in (
        conversation.interested_id,
        conversation.listing.owner_id,
    ):
        raise Http404
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_message(
                sender=request.user,
                on_behalf_of=person,
                thread=conversation,
                body=form.cleaned_data["body"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The message has been sent."))
            return redirect(
                "exchange:behalf_thread", person=person.public_id, public_id=conversation.public_id
            )
    other = (
        conversation.listing.owner
        if person.pk == conversation.interested_id
        else conversation.interested
    )
    return render(
        request,
        "exchange/behalf/thread.html",
        {"person": person, "thread": conversation, "other": other, "form": form},
        status=400 if form.errors else 200,
    )


@network_manager_required
@for_person(TIME)
@require_GET
def account(request: TownRequest, person: User) -> HttpResponse:
    proposed = selectors.transfers_of(person).filter(status=TimeTransfer.Status.PROPOSED)
    balance = selectors.balance_of(person)
    return render(
        request,
        "exchange/behalf/account.html",
        {
            "person": person,
            "balance": balance,
            "to_confirm": [t for t in proposed if t.proposer_id != person.pk],
        },
    )


@network_manager_required
@for_person(TIME)
@require_POST
def confirm(request: TownRequest, person: User, public_id: UUID) -> HttpResponse:
    transfer = selectors.transfer_for(public_id=public_id, user=person)
    if transfer is None:
        raise Http404
    return post_action(
        request,
        run=lambda: services.confirm_transfer(
            transfer=transfer, by=request.user, on_behalf_of=person
        ),
        success=_("Confirmed. The time has been booked."),
        redirect_to=reverse("exchange:behalf_account", args=[person.public_id]),
        show_refusal=True,
    )
