"""The request form: a resident asks a business for one of its offers, or the network manager
enters the request for a resident who phoned or came in (with their consent in scope
`scopes.REQUESTS`, checked here to explain a refusal and again by the service).

Only public offers can be requested: a hidden, unapproved, withdrawn or other town's offer is
a 404 (each town's offers live in its own schema)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from portal.accounts.models import User
from portal.accounts.permissions import participation_required
from portal.behalf.selectors import consent_refusal, person_for
from portal.behalf.views import consent_refused, network_manager_required
from portal.requests import TownRequest
from portal.validation import add_service_errors

from ..forms_orders import RequestForm
from ..models import ContactBy, Offer, Order
from ..scopes import REQUESTS
from ..selectors_offers import OfferFilters, find_offers, public_offers
from ..services.orders import request_offer


def _public_offer(public_id: UUID) -> Offer:
    offer = public_offers().filter(public_id=public_id).first()
    if offer is None:
        raise Http404
    return offer


def _initial(person: User) -> dict[str, Any]:
    """The place from the person's address where the account has one (people the network
    manager looks after), and the way to reach them they can use."""
    profile = getattr(person, "managed_profile", None)
    return {
        "place": getattr(profile, "address", "") or "",
        "contact_phone": person.phone,
        "contact_by": ContactBy.EMAIL if person.email else ContactBy.NETWORK_MANAGER,
    }


def _sent_message(order: Order) -> str:
    hours = max(1, round((order.expires_at - order.requested_at).total_seconds() / 3600))
    return ngettext(
        "Your request was sent to %(business)s; it has %(n)d hour to answer.",
        "Your request was sent to %(business)s; it has %(n)d hours to answer.",
        hours,
    ) % {"business": order.provider.name, "n": hours}


def _windows_errors_on_first_row(exc: ValidationError) -> ValidationError:
    """The service names the windows as one field; the form shows it at the first row."""
    if not hasattr(exc, "error_dict") or "windows" not in exc.error_dict:
        return exc
    errors = dict(exc.error_dict)
    errors["window_1_date"] = errors.pop("windows")
    return ValidationError(errors)


def _request_page(
    request: TownRequest, *, offer: Offer, person: User, for_someone: bool
) -> HttpResponse:
    form = RequestForm(request.POST or None, initial=_initial(person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = request_offer(
                offer=offer,
                by=request.user,
                on_behalf_of=person if for_someone else None,
                need=data["need"],
                windows=data["windows"],
                place=data["place"],
                note=data["note"],
                contact_by=data["contact_by"],
                contact_phone=data["contact_phone"],
            )
        except ValidationError as exc:
            add_service_errors(form, _windows_errors_on_first_row(exc))
        except PermissionDenied as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _sent_message(order))
            return redirect("shop:order", public_id=order.public_id)
    return render(
        request,
        "shop/request_form.html",
        {"form": form, "offer": offer, "person": person if for_someone else None},
        status=400 if form.errors else 200,
    )


@participation_required
@require_http_methods(["GET", "POST"])
def request_form(request: TownRequest, public_id: UUID) -> HttpResponse:
    offer = _public_offer(public_id)
    return _request_page(request, offer=offer, person=request.user, for_someone=False)


def _person_with_consent(request: TownRequest, person: UUID) -> User | HttpResponse:
    someone = person_for(public_id=person)
    if someone is None:
        raise Http404
    reason = consent_refusal(actor=request.user, person=someone, scope=REQUESTS)
    if reason is not None:
        return consent_refused(request, person=someone, message=reason)
    return someone


@network_manager_required
@require_http_methods(["GET", "POST"])
def request_for(request: TownRequest, public_id: UUID, person: UUID) -> HttpResponse:
    someone = _person_with_consent(request, person)
    if isinstance(someone, HttpResponse):
        return someone
    offer = _public_offer(public_id)
    return _request_page(request, offer=offer, person=someone, for_someone=True)


@network_manager_required
@require_GET
def offers_for(request: TownRequest, person: UUID) -> HttpResponse:
    """The offers to choose from when requesting a service for someone (and their orders)."""
    someone = _person_with_consent(request, person)
    if isinstance(someone, HttpResponse):
        return someone
    from ..selectors_orders import my_orders

    query = str(request.GET.get("q", "")).strip()[:100]
    # The shared search (stems, compounds, typos), as the residents' offer list has it.
    offers = (
        find_offers(OfferFilters(query=query))
        if query
        else public_offers().order_by("category__position", "title")
    )
    return render(
        request,
        "shop/behalf_offers.html",
        {
            "person": someone,
            "offers": offers[:100],
            "orders": my_orders(someone)[:50],
            "q": query,
        },
    )
