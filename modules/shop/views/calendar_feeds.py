"""A business's private calendar: the feed its calendar app subscribes to (a token address,
no log-in), and the page where the business makes, renews or switches off that address."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from portal.accounts.permissions import participation_required
from portal.forms_views import post_action
from portal.requests import TownRequest

from .. import selectors
from ..calendar import render_calendar
from ..models import Provider
from ..selectors_calendar import (
    FEED_DAYS_BACK,
    FEED_REFRESH,
    feed_by_token,
    feed_of,
    feed_orders,
    may_keep_calendar,
)
from ..services.calendar_feeds import create_feed, renew_feed, revoke_feed


@require_safe
def calendar_feed(request: TownRequest, token: str) -> HttpResponse:
    # The token is the credential: a revoked, renewed, made-up or other town's token is
    # the same 404 as an address that never existed.
    feed = feed_by_token(token)
    if feed is None:
        raise Http404
    name = _("Appointments of %(business)s") % {"business": feed.provider.name}
    body = render_calendar(feed_orders(feed.provider), name=name, for_provider=True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="appointments.ics"'
    response["Cache-Control"] = f"private, max-age={int(FEED_REFRESH.total_seconds())}"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


FeedAction = Callable[..., object]
ACTIONS: dict[str, tuple[FeedAction, Promise]] = {
    "create": (create_feed, gettext_lazy("Your calendar address is ready.")),
    "renew": (
        renew_feed,
        gettext_lazy("You have a new calendar address. The old one no longer works."),
    ),
    "revoke": (
        revoke_feed,
        gettext_lazy("The calendar address is switched off. It no longer works."),
    ),
}


def _own_provider(request: TownRequest, slug: str) -> Provider:
    provider = selectors.visible_provider(slug=slug, user=request.user)
    if provider is None:
        raise Http404
    if not may_keep_calendar(user=request.user, provider=provider):
        raise PermissionDenied
    return provider


@participation_required
@require_http_methods(["GET", "POST"])
def provider_calendar(request: TownRequest, slug: str) -> HttpResponse:
    provider = _own_provider(request, slug)
    here = reverse("shop:calendar", args=[provider.slug])
    if request.method == "POST":
        chosen = ACTIONS.get(request.POST.get("action", ""))
        if chosen is not None:
            service, success = chosen
            user = request.user
            return post_action(
                request,
                run=lambda: service(provider=provider, by=user),
                success=str(success),
                redirect_to=here,
            )
        messages.error(request, _("Please choose one of the buttons."))
    feed = feed_of(provider)
    feed_url = ""
    if feed is not None:
        feed_url = request.build_absolute_uri(reverse("shop:calendar_feed", args=[feed.token]))
    return render(
        request,
        "shop/calendar.html",
        {
            "provider": provider,
            "feed": feed,
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[-1] if feed_url else "",
            "days_back": FEED_DAYS_BACK,
        },
        status=400 if request.method == "POST" else 200,
    )
