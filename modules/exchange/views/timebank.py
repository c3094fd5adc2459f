"""My time account: balance, history, proposals to confirm or decline."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.permissions import participation_required
from portal.forms_views import post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from .. import selectors, services
from ..forms import TransferForm
from ..models import TimeTransfer


@participation_required
@require_GET
def account(request: TownRequest) -> HttpResponse:
    user = request.user
    transfers = selectors.transfers_of(user).filter(status=TimeTransfer.Status.PROPOSED)
    balance = selectors.balance_of(user)
    rules = selectors.current_settings()
    return render(
        request,
        "exchange/account.html",
        {
            "balance": balance,
            "history": selectors.history_of(user),
            "to_confirm": [t for t in transfers if t.proposer_id != user.pk],
            "waiting": [t for t in transfers if t.proposer_id == user.pk],
            "rules": rules,
        },
    )


@participation_required
@require_http_methods(["GET", "POST"])
def propose(request: TownRequest, public_id: UUID) -> HttpResponse:
    """Propose a transfer with the other person of a conversation (no user ids needed)."""
    conversation = selectors.thread_for(public_id=public_id, user=request.user)
    if conversation is None or request.user.pk not in (
        conversation.interested_id,
        conversation.listing.owner_id,
    ):
        raise Http404
    me = request.user
    other = (
        conversation.listing.owner
        if me.pk == conversation.interested_id
        else (conversation.interested)
    )
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        helped = form.cleaned_data["direction"] == "i_helped"
        try:
            services.propose_transfer(
                proposer=me,
                payer=other if helped else me,
                payee=me if helped else other,
                minutes=form.cleaned_data["minutes"],
                note=form.cleaned_data["note"],
                listing=conversation.listing,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Your proposal has been sent. The other person has to confirm it.")
            )
            return redirect("exchange:account")
    return render(
        request,
        "exchange/form_page.html",
        {
            "form": form,
            "title": _("Record time with %(name)s") % {"name": other.get_short_name()},
            "intro": conversation.listing.title,
            "submit": _("Send proposal"),
        },
        status=400 if form.errors else 200,
    )


def _transfer(request: TownRequest, public_id: UUID) -> TimeTransfer:
    transfer = selectors.transfer_for(public_id=public_id, user=request.user)
    if transfer is None:
        raise Http404
    return transfer


@participation_required
@require_POST
def confirm(request: TownRequest, public_id: UUID) -> HttpResponse:
    transfer = _transfer(request, public_id)
    return post_action(
        request,
        run=lambda: services.confirm_transfer(transfer=transfer, by=request.user),
        success=_("Confirmed. The time has been booked."),
        redirect_to=reverse("exchange:account"),
    )


@participation_required
@require_POST
def decline(request: TownRequest, public_id: UUID) -> HttpResponse:
    transfer = _transfer(request, public_id)
    return post_action(
        request,
        run=lambda: services.decline_transfer(transfer=transfer, by=request.user),
        success=_("The proposal has been declined."),
        redirect_to=reverse("exchange:account"),
    )
