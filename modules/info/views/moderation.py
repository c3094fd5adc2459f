"""Moderation pages under /info/moderation/: dead links, everything editable, settings."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.models import Role
from portal.accounts.permissions import participation_required, role_required
from portal.requests import TownRequest

from .. import selectors, services
from ..forms import SettingsForm
from ..models import Link
from ..permissions import is_town_admin
from .common import form_page

LIST_LIMIT = 100


@require_GET
@participation_required
@role_required(Role.MODERATOR)
def moderation(request: TownRequest) -> HttpResponse:
    return render(
        request,
        "info/moderation.html",
        {
            "dead_links": list(selectors.dead_links()),
            "links": list(selectors.links()[:LIST_LIMIT]),
            "news": list(selectors.all_news()[:LIST_LIMIT]),
            "events": list(selectors.events_for_staff()[:LIST_LIMIT]),
            "menus": list(selectors.all_menus()[:LIST_LIMIT]),
            "today": services.town_today(),
            "now": services.town_today(),
            "is_town_admin": is_town_admin(request.user),
        },
    )


@require_POST
@participation_required
@role_required(Role.MODERATOR)
def link_clear_flag(request: TownRequest, public_id: UUID) -> HttpResponse:
    link = get_object_or_404(Link, public_id=public_id)
    services.clear_dead_flag(actor=request.user, link=link)
    messages.success(request, _("The link is no longer marked as dead."))
    return redirect("info:moderation")


@require_http_methods(["GET", "POST"])
@participation_required
@role_required(Role.TOWN_ADMIN)
def settings_page(request: TownRequest) -> HttpResponse:
    current = services.get_info_settings()

    def action(data: dict[str, Any]) -> str:
        services.update_info_settings(actor=request.user, **data)
        return reverse("info:moderation")

    return form_page(
        request,
        form_class=SettingsForm,
        initial={key: getattr(current, key) for key in SettingsForm.base_fields},
        title=_("Settings of the local information"),
        action=action,
        back=reverse("info:moderation"),
        done=_("The settings have been saved."),
    )
