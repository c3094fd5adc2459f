"""Moderation of the exchange under /exchange/moderation/ (moderators and town admins)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.accounts.models import Role, User
from portal.accounts.permissions import role_required
from portal.forms_views import form_page
from portal.moderation.selectors import recent_moderation
from portal.requests import TownRequest
from portal.validation import add_service_errors

from .. import selectors, services
from ..forms import ReasonForm, RecordTransferForm, SettingsForm
from ..models import Listing, Message
from .common import query_value

moderator_required = role_required(Role.MODERATOR, Role.TOWN_ADMIN)
town_admin_required = role_required(Role.TOWN_ADMIN)


@moderator_required
@require_GET
def index(request: TownRequest) -> HttpResponse:
    return render(
        request,
        "exchange/moderation/index.html",
        {
            "reports": selectors.open_reports(),
            "log": selectors.moderation_log(),
            "moderated": recent_moderation(app_label="exchange"),
        },
    )


def _reason_page(
    request: TownRequest,
    *,
    action: Callable[[str], object],
    done: str,
    title: str,
    intro: str,
    submit: str,
) -> HttpResponse:
    """A moderator's reason, then `action(reason)`; back to the moderation page."""
    return form_page(
        request,
        form_class=ReasonForm,
        template="exchange/form_page.html",
        action=lambda data: action(data["reason"]),
        done=done,
        redirect_to=reverse("exchange:moderation"),
        context={"title": title, "intro": intro, "submit": submit},
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def listing(request: TownRequest, public_id: UUID) -> HttpResponse:
    """Hide a visible listing or restore a hidden one, with a reason the owner sees."""
    target = get_object_or_404(Listing.objects.select_related("owner"), public_id=public_id)
    change = services.restore_listing if target.is_hidden else services.hide_listing
    return _reason_page(
        request,
        action=lambda reason: change(listing=target, moderator=request.user, reason=reason),
        done=_("Done. The owner has been told the reason."),
        title=_("Show the listing again") if target.is_hidden else _("Hide the listing"),
        intro=target.title,
        submit=_("Show again") if target.is_hidden else _("Hide"),
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def message(request: TownRequest, public_id: UUID) -> HttpResponse:
    target = get_object_or_404(Message, public_id=public_id)
    change = services.restore_message if target.is_hidden else services.hide_message
    return _reason_page(
        request,
        action=lambda reason: change(message=target, moderator=request.user, reason=reason),
        done=_("Done."),
        title=_("Show the message again") if target.is_hidden else _("Hide the message"),
        intro=target.body[:200],
        submit=_("Show again") if target.is_hidden else _("Hide"),
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def dismiss(request: TownRequest, public_id: UUID) -> HttpResponse:
    report = selectors.exchange_report(public_id)
    if report is None:
        raise Http404
    return _reason_page(
        request,
        action=lambda reason: services.dismiss_report(
            report=report, moderator=request.user, reason=reason
        ),
        done=_("The report has been closed."),
        title=_("Close the report"),
        intro=report.reason,
        submit=_("Close"),
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def block(request: TownRequest, public_id: UUID) -> HttpResponse:
    person = get_object_or_404(User.objects.people(), public_id=public_id)
    return _reason_page(
        request,
        action=lambda reason: services.block_user(
            user=person, moderator=request.user, reason=reason
        ),
        done=_("The person has been blocked."),
        title=_("Block a person"),
        intro=person.full_name,
        submit=_("Block"),
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def record_transfer(request: TownRequest) -> HttpResponse:
    """Book time for someone who is not online (e.g. agreed on the phone).

    Two searches (GET, kept in the form's address) find the two people; only the people they
    found can be chosen, so the choice is checked again on the server when the form is sent."""
    payer_query = query_value(request.GET, "payer_q").strip()[:100]
    payee_query = query_value(request.GET, "payee_q").strip()[:100]
    form = RecordTransferForm(
        request.POST or None,
        payers=selectors.find_members(payer_query),
        payees=selectors.find_members(payee_query),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_transfer_for(
                moderator=request.user,
                payer=data["payer"],
                payee=data["payee"],
                minutes=data["minutes"],
                on_behalf_of=data[data["on_behalf_of"]],
                note=data["note"],
            )
        except PermissionDenied as exc:  # no consent of the person acted for
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The time has been booked and logged. Both people have been told.")
            )
            return redirect("exchange:moderation")
    return render(
        request,
        "exchange/moderation/record_transfer.html",
        {
            "form": form,
            "payer_q": payer_query,
            "payee_q": payee_query,
            "searched": bool(payer_query or payee_query),
            "action": "?" + urlencode({"payer_q": payer_query, "payee_q": payee_query}),
        },
        status=400 if form.errors else 200,
    )


@town_admin_required
@require_http_methods(["GET", "POST"])
def settings(request: TownRequest) -> HttpResponse:
    rules = selectors.current_settings()
    initial = {
        "listing_days": rules.listing_days,
        "reminder_days": rules.reminder_days,
        "allow_negative": rules.allow_negative,
        "negative_limit_minutes": rules.negative_limit_minutes,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("exchange:moderation_settings")
    return render(
        request,
        "exchange/form_page.html",
        {
            "form": form,
            "title": _("Exchange settings"),
            "intro": _("How long listings stay online, and the limits of the time bank."),
            "submit": _("Save"),
        },
        status=400 if form.errors else 200,
    )
