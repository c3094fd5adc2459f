"""The info module's start page: links, news, events and menus at a glance."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.requests import TownRequest

from .. import selectors
from ..permissions import can_create_events, can_publish_menus, is_staff


@require_GET
def index(request: TownRequest) -> HttpResponse:
    user = request.user
    settings = selectors.info_settings()
    return render(
        request,
        "info/index.html",
        {
            "link_groups": selectors.links_by_category(),
            "news": list(selectors.current_news()[:5]),
            "occurrences": selectors.upcoming_occurrences(
                weeks=settings.event_weeks_ahead, limit=10
            ),
            "menus": list(selectors.todays_menus()),
            "can_manage": is_staff(user),
            "can_create_events": can_create_events(user),
            "can_publish_menus": can_publish_menus(user),
        },
    )
