"""Shop pages: the public list of businesses, a profile, creating, editing, handing over."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.models import Role
from portal.accounts.permissions import participation_required, role_required
from portal.forms_views import form_page
from portal.requests import TownRequest

from .. import selectors, services
from ..forms import ProviderForm, profile_fields
from ..models import Provider
from ..models_media import VideoHost
from ..selectors_calendar import may_keep_calendar
from ..selectors_media import media_of
from ..selectors_offers import OfferFilters, offers_of_provider
from ..videos import FRAME_ORIGINS, embed_url

PAGE_SIZE = 20


@require_http_methods(["GET"])
def provider_list(request: TownRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    providers = selectors.find_providers(OfferFilters(query=query))
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
    media = media_of(provider)
    clip = media.clip
    # The two-click embed: nothing of the video host's is loaded until the visitor asks
    # for it with ?video=1; only that answer lets a frame from the host in (CSP frame-src).
    embed = ""
    if clip is not None and clip.host and request.GET.get("video") == "1":
        embed = embed_url(host=clip.host, video_id=clip.video_id)
    response = render(
        request,
        "shop/detail.html",
        {
            "provider": provider,
            "media": media,
            "embed_url": embed,
            "editable": selectors.can_edit(user=request.user, provider=provider),
            "may_hand_over": selectors.may_hand_over(user=request.user, provider=provider),
            "offers": list(offers_of_provider(provider=provider, user=request.user)),
            "may_keep_calendar": may_keep_calendar(user=request.user, provider=provider),
        },
    )
    if embed:
        response._csp_replace = {"frame-src": [FRAME_ORIGINS[VideoHost(clip.host)]]}  # type: ignore[attr-defined,union-attr]
    return response


@role_required(Role.PROVIDER, Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def provider_create(request: TownRequest) -> HttpResponse:
    def create(data: dict[str, Any]) -> str:
        provider = services.create_provider(
            created_by=request.user, fields=profile_fields(data), logo=data.get("logo") or None
        )
        return provider.get_absolute_url()

    return form_page(
        request,
        form_class=ProviderForm,
        template="shop/form.html",
        action=create,
        done=_("Thank you! The profile will be public once the network manager has approved it."),
        context={"provider": None},
    )


def editable_provider(request: TownRequest, slug: str) -> Provider:
    """The provider if the user may edit it; 404 if they may not even see it."""
    provider = selectors.visible_provider(slug=slug, user=request.user)
    if provider is None:
        raise Http404
    if not selectors.can_edit(user=request.user, provider=provider):
        raise PermissionDenied
    return provider


@participation_required
@require_http_methods(["GET", "POST"])
def provider_edit(request: TownRequest, slug: str) -> HttpResponse:
    provider = editable_provider(request, slug)
    initial = {name: getattr(provider, name) for name in services.PROFILE_FIELDS}
    initial["districts"] = ", ".join(provider.districts)

    def save(data: dict[str, Any]) -> object:
        logo = data.get("logo")
        return services.update_provider(
            provider=provider,
            changed_by=request.user,
            fields=profile_fields(data),
            logo=logo or None,
            remove_logo=logo is False,
        )

    return form_page(
        request,
        form_class=ProviderForm,
        template="shop/form.html",
        action=save,
        done=_("The profile has been saved."),
        redirect_to=provider.get_absolute_url(),
        initial=initial,
        context={"provider": provider},
    )


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
