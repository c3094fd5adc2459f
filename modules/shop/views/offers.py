"""Offer pages: one offer (its preview while a draft), creating from a template, editing,
publishing and withdrawing, reporting."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.permissions import participation_required
from portal.forms_views import form_page, post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from .. import services
from ..forms import OfferForm, ReportForm
from ..models import Offer, Provider
from ..offer_templates import template_by_key, templates_for
from ..selectors_offers import may_maintain, visible_offer
from .providers import editable_provider


def _visible(request: TownRequest, public_id: UUID) -> Offer:
    offer = visible_offer(public_id=public_id, user=request.user)
    if offer is None:
        raise Http404
    return offer


def _maintained(request: TownRequest, public_id: UUID) -> Offer:
    offer = _visible(request, public_id)
    if not may_maintain(user=request.user, offer=offer):
        raise PermissionDenied
    return offer


@require_http_methods(["GET"])
def offer_detail(request: TownRequest, public_id: UUID) -> HttpResponse:
    offer = _visible(request, public_id)
    maintains = may_maintain(user=request.user, offer=offer)
    return render(
        request,
        "shop/offer_detail.html",
        {
            "offer": offer,
            "photos": list(offer.photos.all()),
            "maintains": maintains,
            "may_report": offer.is_public and request.user.is_authenticated and not maintains,
        },
    )


def _template_initial(key: str, provider: Provider) -> dict[str, Any] | None:
    template = template_by_key(key)
    if template is None:
        return None
    return {
        "title": template.title,
        "description": template.description,
        "category": template.category,
        "price_model": template.price_model,
        "price_cents": template.price_cents,
        "duration_minutes": template.duration_minutes,
        "districts": ", ".join(provider.districts),
    }


@participation_required
@require_http_methods(["GET", "POST"])
def offer_create(request: TownRequest, slug: str) -> HttpResponse:
    provider = editable_provider(request, slug)
    key = request.GET.get("template", "")
    if request.method == "GET" and not key:
        return render(
            request,
            "shop/offer_start.html",
            {"provider": provider, "templates": templates_for(provider.trade)},
        )
    initial = _template_initial(key, provider) or {"districts": ", ".join(provider.districts)}
    return form_page(
        request,
        form_class=OfferForm,
        template="shop/offer_form.html",
        action=lambda data: services.create_offer(
            provider=provider, by=request.user, **OfferForm.offer_fields_of(data)
        ).get_absolute_url(),
        done=_("Your offer has been saved as a draft. Please check it and publish it."),
        initial=initial,
        context={"provider": provider, "offer": None},
    )


@participation_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: TownRequest, public_id: UUID) -> HttpResponse:
    offer = _maintained(request, public_id)
    form = OfferForm(request.POST or None, initial=OfferForm.initial_of(offer))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_offer(offer=offer, by=request.user, **form.offer_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The offer has been saved."))
            return redirect(offer.get_absolute_url())
    return render(
        request,
        "shop/offer_form.html",
        {"form": form, "provider": offer.provider, "offer": offer},
        status=400 if form.errors else 200,
    )


@participation_required
@require_POST
def offer_publish(request: TownRequest, public_id: UUID) -> HttpResponse:
    offer = _maintained(request, public_id)
    return post_action(
        request,
        run=lambda: services.publish_offer(offer=offer, by=request.user),
        success=_("The offer is published.")
        if offer.provider.is_public
        else _("The offer is published; it becomes public once the business is approved."),
        redirect_to=offer.get_absolute_url(),
    )


@participation_required
@require_POST
def offer_withdraw(request: TownRequest, public_id: UUID) -> HttpResponse:
    offer = _maintained(request, public_id)
    return post_action(
        request,
        run=lambda: services.withdraw_offer(offer=offer, by=request.user),
        success=_("The offer has been withdrawn; residents no longer find it."),
        redirect_to=offer.get_absolute_url(),
    )


@participation_required
@require_http_methods(["GET", "POST"])
def offer_report(request: TownRequest, public_id: UUID) -> HttpResponse:
    offer = _visible(request, public_id)
    if not offer.is_public:
        raise Http404
    return form_page(
        request,
        form_class=ReportForm,
        template="shop/offer_report.html",
        action=lambda data: services.report_offer(
            offer=offer, reporter=request.user, reason=data["reason"]
        ),
        done=_("Thank you. The moderators will look at this offer."),
        redirect_to=offer.get_absolute_url(),
        context={"offer": offer},
    )
