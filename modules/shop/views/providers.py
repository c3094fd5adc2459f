"""Shop pages: the public list of businesses, a profile, creating, editing, handing over."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.models import Role
from portal.accounts.permissions import participation_required, role_required
from portal.requests import TownRequest
from portal.validation import add_service_errors

from .. import selectors, services
from ..forms import ProviderForm
from ..models import Provider
from ..selectors_calendar import may_keep_calendar

PAGE_SIZE = 20


@require_http_methods(["GET"])
def provider_list(request: TownRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    providers = selectors.find_providers(query=query)
    page = Paginator(providers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "shop/list.html",
        {
            "page": page,
            "query": query,
            "mine": list(selectors.providers_of(user=request.user)),
            "may_create": selectors.may_create(user=request.user),
        },
    )


@require_http_methods(["GET"])
def provider_detail(request: TownRequest, slug: str) -> HttpResponse:
    provider = selectors.visible_provider(slug=slug, user=request.user)
    if provider is None:
        raise Http404
    return render(
        request,
        "shop/detail.html",
        {
            "provider": provider,
            "editable": selectors.can_edit(user=request.user, provider=provider),
            "may_hand_over": selectors.may_hand_over(user=request.user, provider=provider),
            "may_keep_calendar": may_keep_calendar(user=request.user, provider=provider),
        },
    )


@role_required(Role.PROVIDER, Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def provider_create(request: TownRequest) -> HttpResponse:
    form = ProviderForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = services.create_provider(
                created_by=request.user,
                fields=form.profile_fields(),
                logo=form.cleaned_data.get("logo") or None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you! The profile will be public once the network manager has approved it."
                ),
            )
            return redirect("shop:detail", provider.slug)
    return render(request, "shop/form.html", {"form": form, "provider": None})


def _editable(request: TownRequest, slug: str) -> Provider:
    provider = selectors.visible_provider(slug=slug, user=request.user)
    if provider is None:
        raise Http404
    if not selectors.can_edit(user=request.user, provider=provider):
        raise PermissionDenied
    return provider


@participation_required
@require_http_methods(["GET", "POST"])
def provider_edit(request: TownRequest, slug: str) -> HttpResponse:
    provider = _editable(request, slug)
    initial = {name: getattr(provider, name) for name in services.PROFILE_FIELDS}
    initial["districts"] = ", ".join(provider.districts)
    form = ProviderForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        logo = form.cleaned_data.get("logo")
        try:
            services.update_provider(
                provider=provider,
                changed_by=request.user,
                fields=form.profile_fields(),
                logo=logo or None,
                remove_logo=logo is False,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect("shop:detail", provider.slug)
    return render(request, "shop/form.html", {"form": form, "provider": provider})


@role_required(Role.MODERATOR)
@require_POST
def provider_claim_link(request: TownRequest, slug: str) -> HttpResponse:
    provider = selectors.visible_provider(slug=slug, user=request.user)
    if provider is None:
        raise Http404
    try:
        token = services.make_claim_token(provider=provider, made_by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("shop:detail", provider.slug)
    link = request.build_absolute_uri(f"/shop/claim/{token}/")
    return render(
        request,
        "shop/claim_link.html",
        {"provider": provider, "link": link, "days": services.claims.CLAIM_DAYS},
    )


@participation_required
@require_http_methods(["GET", "POST"])
def provider_claim(request: TownRequest, token: str) -> HttpResponse:
    provider = services.read_claim(token)
    if provider is None:
        return render(request, "shop/claim_invalid.html", status=410)
    if request.method == "POST":
        try:
            provider = services.claim_provider(token=token, user=request.user)
        except ValidationError:
            return render(request, "shop/claim_invalid.html", status=410)
        messages.success(request, _("The business profile is now yours."))
        return redirect("shop:detail", provider.slug)
    return render(request, "shop/claim.html", {"provider": provider})
