"""Adding, changing and deleting the town's helpful links."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.accounts.models import Role
from portal.accounts.permissions import participation_required, role_required
from portal.requests import TownRequest

from .. import services
from ..forms import LinkForm
from ..models import Link
from ..permissions import can_manage_links
from .common import delete_page, form_page


def _link_data(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("category", "title", "url", "phone", "description", "position")
    return {key: data.get(key) for key in keys}


@require_http_methods(["GET", "POST"])
@participation_required
@role_required(Role.MODERATOR)
def link_create(request: TownRequest) -> HttpResponse:
    def action(data: dict[str, Any]) -> str:
        services.create_link(actor=request.user, **_link_data(data))
        return reverse("info:index")

    return form_page(
        request,
        form_class=LinkForm,
        initial={},
        title=_("Add a link"),
        action=action,
        back=reverse("info:index"),
        done=_("The link has been added."),
    )


@require_http_methods(["GET", "POST"])
@participation_required
@role_required(Role.MODERATOR)
def link_edit(request: TownRequest, public_id: UUID) -> HttpResponse:
    link = get_object_or_404(Link, public_id=public_id)

    def action(data: dict[str, Any]) -> str:
        services.update_link(actor=request.user, link=link, **_link_data(data))
        return reverse("info:moderation")

    return form_page(
        request,
        form_class=LinkForm,
        initial={key: getattr(link, key) for key in LinkForm.base_fields},
        title=_("Change the link"),
        action=action,
        back=reverse("info:moderation"),
        done=_("The link has been changed."),
        extra={"delete_url": reverse("info:link_delete", args=[link.public_id])},
    )


@require_http_methods(["GET", "POST"])
@participation_required
def link_delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    link = get_object_or_404(Link, public_id=public_id)
    return delete_page(
        request,
        allowed=can_manage_links(request.user),
        label=link.title,
        remove=lambda: services.delete_link(actor=request.user, link=link),
        back=reverse("info:link_edit", args=[link.public_id]),
        done_url=reverse("info:moderation"),
    )
