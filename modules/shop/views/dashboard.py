"""The business's dashboard: what needs an answer, what is coming, its offers and figures."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from portal.accounts.permissions import participation_required
from portal.requests import TownRequest

from .. import selectors, selectors_dashboard
from ..models import Provider
from ..services.orders import may_act_for_provider


@participation_required
@require_GET
def dashboard(request: TownRequest) -> HttpResponse:
    """Who owns one business goes straight to its dashboard; otherwise they choose (the
    network manager also sees the profiles without owner that they run)."""
    providers = list(selectors_dashboard.dashboard_providers(user=request.user))
    owned = [p for p in providers if p.owner_id == request.user.pk]
    unowned = [p for p in providers if p.owner_id is None]
    if len(owned) == 1 and not unowned:
        return redirect("shop:provider_dashboard", owned[0].slug)
    return render(
        request,
        "shop/dashboard_choose.html",
        {
            "owned": owned,
            "unowned": unowned,
            "may_create": selectors.may_create(user=request.user),
        },
    )


def _dashboard_provider(request: TownRequest, slug: str) -> Provider:
    provider = selectors.visible_provider(slug=slug, user=request.user)
    if provider is None:
        raise Http404
    assert request.user.is_authenticated  # participation_required
    if not may_act_for_provider(user=request.user, provider=provider):
        raise PermissionDenied
    return provider


@participation_required
@require_GET
def provider_dashboard(request: TownRequest, slug: str) -> HttpResponse:
    provider = _dashboard_provider(request, slug)
    return render(
        request,
        "shop/dashboard.html",
        {"board": selectors_dashboard.provider_dashboard(provider=provider)},
    )
