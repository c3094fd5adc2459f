"""Lunch menus: list, detail, a provider's own menus and their forms."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.accounts.models import Role
from portal.accounts.permissions import participation_required, role_required
from portal.requests import TownRequest

from .. import selectors, services
from ..forms import MenuForm
from ..models import Menu
from ..permissions import can_edit_menu, can_publish_menus
from .common import delete_page, form_page

MENU_FIELDS = ("restaurant", "address", "phone", "dishes", "note", "valid_from", "valid_until")


@require_GET
def menu_list(request: TownRequest) -> HttpResponse:
    return render(
        request,
        "info/menu_list.html",
        {
            "menus": list(selectors.todays_menus()),
            "today": services.town_today(),
            "can_publish_menus": can_publish_menus(request.user),
        },
    )


@require_GET
def menu_detail(request: TownRequest, public_id: UUID) -> HttpResponse:
    menu = get_object_or_404(Menu.objects.select_related("provider"), public_id=public_id)
    can_edit = can_edit_menu(request.user, menu)
    if menu.valid_until < services.town_today() and not can_edit:
        raise Http404  # an expired menu is gone for guests
    return render(request, "info/menu_detail.html", {"menu": menu, "can_edit": can_edit})


@require_GET
@participation_required
@role_required(Role.PROVIDER)
def my_menus(request: TownRequest) -> HttpResponse:
    return render(
        request,
        "info/my_menus.html",
        {"menus": list(selectors.menus_of(request.user.pk)[:50]), "today": services.town_today()},
    )


@require_http_methods(["GET", "POST"])
@participation_required
@role_required(Role.PROVIDER)
def menu_create(request: TownRequest) -> HttpResponse:
    latest = selectors.menus_of(request.user.pk).first()

    def action(data: dict[str, Any]) -> str:
        menu = services.publish_menu(actor=request.user, **{k: data.get(k) for k in MENU_FIELDS})
        return reverse("info:menu_detail", args=[menu.public_id])

    return form_page(
        request,
        form_class=MenuForm,
        initial={
            "restaurant": latest.restaurant if latest else "",
            "note": latest.note if latest else "",
            "address": latest.address if latest else "",
            "phone": latest.phone if latest else "",
        },
        title=_("Publish a lunch menu"),
        action=action,
        back=reverse("info:menu_list"),
        done=_("The menu has been published."),
    )


@require_http_methods(["GET", "POST"])
@participation_required
def menu_edit(request: TownRequest, public_id: UUID) -> HttpResponse:
    menu = get_object_or_404(Menu, public_id=public_id)
    if not can_edit_menu(request.user, menu):
        raise PermissionDenied

    def action(data: dict[str, Any]) -> str:
        services.update_menu(actor=request.user, menu=menu, **{k: data.get(k) for k in MENU_FIELDS})
        return reverse("info:menu_detail", args=[menu.public_id])

    return form_page(
        request,
        form_class=MenuForm,
        initial={key: getattr(menu, key) for key in MENU_FIELDS},
        title=_("Change the lunch menu"),
        action=action,
        back=reverse("info:menu_detail", args=[menu.public_id]),
        done=_("The menu has been saved."),
        extra={"delete_url": reverse("info:menu_delete", args=[menu.public_id])},
    )


@require_http_methods(["GET", "POST"])
@participation_required
def menu_delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    menu = get_object_or_404(Menu, public_id=public_id)
    return delete_page(
        request,
        allowed=can_edit_menu(request.user, menu),
        label=menu.restaurant,
        remove=lambda: services.delete_menu(actor=request.user, menu=menu),
        back=reverse("info:menu_detail", args=[menu.public_id]),
        done_url=reverse("info:menu_list"),
    )
