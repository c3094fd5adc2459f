"""The town's news: list, detail, and the forms of the people who write them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.accounts.models import Role
from portal.accounts.permissions import participation_required, role_required
from portal.requests import TownRequest

from .. import selectors, services
from ..forms import NewsForm
from ..models import News
from ..permissions import can_manage_news
from .common import delete_page, form_page


@require_GET
def news_list(request: TownRequest) -> HttpResponse:
    return render(
        request,
        "info/news_list.html",
        {"news": list(selectors.current_news()[:50]), "can_manage": can_manage_news(request.user)},
    )


@require_GET
def news_detail(request: TownRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(News, public_id=public_id)
    can_manage = can_manage_news(request.user)
    if not item.is_current() and not can_manage:
        raise Http404
    return render(request, "info/news_detail.html", {"item": item, "can_manage": can_manage})


def _news_data(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data.get(key) for key in ("title", "summary", "body", "publish_at", "expire_at")}


@require_http_methods(["GET", "POST"])
@participation_required
@role_required(Role.MODERATOR)
def news_create(request: TownRequest) -> HttpResponse:
    def action(data: dict[str, Any]) -> str:
        item = services.create_news(actor=request.user, **_news_data(data))
        return reverse("info:news_detail", args=[item.public_id])

    return form_page(
        request,
        form_class=NewsForm,
        initial={},
        title=_("Write news"),
        action=action,
        back=reverse("info:news_list"),
        done=_("The news item has been saved."),
    )


@require_http_methods(["GET", "POST"])
@participation_required
@role_required(Role.MODERATOR)
def news_edit(request: TownRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(News, public_id=public_id)

    def action(data: dict[str, Any]) -> str:
        services.update_news(actor=request.user, news=item, **_news_data(data))
        return reverse("info:news_detail", args=[item.public_id])

    return form_page(
        request,
        form_class=NewsForm,
        initial={key: getattr(item, key) for key in NewsForm.base_fields},
        title=_("Change the news item"),
        action=action,
        back=reverse("info:news_detail", args=[item.public_id]),
        done=_("The news item has been saved."),
        extra={"delete_url": reverse("info:news_delete", args=[item.public_id])},
    )


@require_http_methods(["GET", "POST"])
@participation_required
def news_delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(News, public_id=public_id)
    return delete_page(
        request,
        allowed=can_manage_news(request.user),
        label=item.title,
        remove=lambda: services.delete_news(actor=request.user, news=item),
        back=reverse("info:news_detail", args=[item.public_id]),
        done_url=reverse("info:news_list"),
    )
