"""Pages of the info module: overview, news, events, menus and their forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.models import Role
from portal.accounts.permissions import participation_required, role_required
from portal.requests import TownRequest
from portal.validation import add_service_errors

from . import selectors, services
from .forms import CancelEventForm, EventForm, LinkForm, MenuForm, NewsForm, TownEventForm
from .models import Event, Link, Menu, News
from .permissions import (
    can_create_events,
    can_edit_event,
    can_edit_menu,
    can_manage_links,
    can_manage_news,
    can_publish_menus,
    is_staff,
)

Action = Callable[[dict[str, Any]], str]


def form_page(
    request: TownRequest,
    *,
    form_class: type[forms.Form],
    initial: dict[str, Any],
    title: str,
    action: Action,
    back: str,
    done: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a form; on a valid POST run `action` (a service call) and redirect where it says."""
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                target = action(form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, done)
                return HttpResponseRedirect(target)
        status = 400
    else:
        form = form_class(initial=initial)
        status = 200
    context = {"form": form, "title": title, "back": back, **(extra or {})}
    return render(request, "info/form.html", context, status=status)


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


# --- links ---


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


# --- news ---


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


# --- events ---

EVENT_FIELDS = (
    "title",
    "description",
    "organiser_name",
    "organiser_slug",
    "place",
    "start",
    "end",
    "recurrence",
    "recurrence_until",
    "recurrence_count",
)


@require_GET
def event_list(request: TownRequest) -> HttpResponse:
    settings = selectors.info_settings()
    return render(
        request,
        "info/event_list.html",
        {
            "occurrences": selectors.upcoming_occurrences(weeks=settings.event_weeks_ahead),
            "weeks": settings.event_weeks_ahead,
            "can_create_events": can_create_events(request.user),
        },
    )


@require_GET
def event_detail(request: TownRequest, public_id: UUID) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    settings = selectors.info_settings()
    dates = selectors.upcoming_dates(event, weeks=settings.event_weeks_ahead)
    return render(
        request,
        "info/event_detail.html",
        {
            "event": event,
            "dates": dates,
            "can_edit": can_edit_event(request.user, event),
            "can_delete": is_staff(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@participation_required
@role_required(Role.MODERATOR, Role.ORGANISATION)
def event_create(request: TownRequest) -> HttpResponse:
    staff = is_staff(request.user)

    def action(data: dict[str, Any]) -> str:
        event = services.create_event(
            actor=request.user,
            is_town_event=bool(staff and data.get("is_town_event")),
            **{key: data.get(key) for key in EVENT_FIELDS},
        )
        return reverse("info:event_detail", args=[event.public_id])

    return form_page(
        request,
        form_class=TownEventForm if staff else EventForm,
        initial={"organiser_name": request.tenant.name if staff else ""},
        title=_("Add an event"),
        action=action,
        back=reverse("info:event_list"),
        done=_("The event has been saved."),
    )


@require_http_methods(["GET", "POST"])
@participation_required
def event_edit(request: TownRequest, public_id: UUID) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    if not can_edit_event(request.user, event):
        raise PermissionDenied

    def action(data: dict[str, Any]) -> str:
        services.update_event(
            actor=request.user, event=event, **{key: data.get(key) for key in EVENT_FIELDS}
        )
        return reverse("info:event_detail", args=[event.public_id])

    return form_page(
        request,
        form_class=EventForm,
        initial={key: getattr(event, key) for key in EVENT_FIELDS},
        title=_("Change the event"),
        action=action,
        back=reverse("info:event_detail", args=[event.public_id]),
        done=_("The event has been saved."),
    )


@require_http_methods(["GET", "POST"])
@participation_required
def event_cancel(request: TownRequest, public_id: UUID) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    if not can_edit_event(request.user, event):
        raise PermissionDenied

    def action(data: dict[str, Any]) -> str:
        services.cancel_event(actor=request.user, event=event, reason=data["reason"])
        return reverse("info:event_detail", args=[event.public_id])

    return form_page(
        request,
        form_class=CancelEventForm,
        initial={},
        title=_("Cancel “%(title)s”") % {"title": event.title},
        action=action,
        back=reverse("info:event_detail", args=[event.public_id]),
        done=_("The event is now shown as cancelled."),
    )


@require_POST
@participation_required
def event_reinstate(request: TownRequest, public_id: UUID) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    if not can_edit_event(request.user, event):
        raise PermissionDenied
    services.reinstate_event(actor=request.user, event=event)
    messages.success(request, _("The event takes place again."))
    return redirect("info:event_detail", public_id=event.public_id)


# --- menus ---

MENU_FIELDS = ("restaurant", "dishes", "note", "valid_from", "valid_until")


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


# --- deleting (a confirmation page without JavaScript, then a POST) ---


def _delete(
    request: TownRequest,
    *,
    allowed: bool,
    label: str,
    remove: Callable[[], None],
    back: str,
    done_url: str,
) -> HttpResponse:
    if not allowed:
        raise PermissionDenied
    if request.method == "POST":
        remove()
        messages.success(request, _("“%(label)s” has been deleted.") % {"label": label})
        return HttpResponseRedirect(done_url)
    return render(request, "info/confirm_delete.html", {"label": label, "back": back})


@require_http_methods(["GET", "POST"])
@participation_required
def link_delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    link = get_object_or_404(Link, public_id=public_id)
    return _delete(
        request,
        allowed=can_manage_links(request.user),
        label=link.title,
        remove=lambda: services.delete_link(actor=request.user, link=link),
        back=reverse("info:link_edit", args=[link.public_id]),
        done_url=reverse("info:moderation"),
    )


@require_http_methods(["GET", "POST"])
@participation_required
def news_delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    item = get_object_or_404(News, public_id=public_id)
    return _delete(
        request,
        allowed=can_manage_news(request.user),
        label=item.title,
        remove=lambda: services.delete_news(actor=request.user, news=item),
        back=reverse("info:news_detail", args=[item.public_id]),
        done_url=reverse("info:news_list"),
    )


@require_http_methods(["GET", "POST"])
@participation_required
def event_delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    return _delete(
        request,
        allowed=is_staff(request.user),
        label=event.title,
        remove=lambda: services.delete_event(actor=request.user, event=event),
        back=reverse("info:event_detail", args=[event.public_id]),
        done_url=reverse("info:event_list"),
    )


@require_http_methods(["GET", "POST"])
@participation_required
def menu_delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    menu = get_object_or_404(Menu, public_id=public_id)
    return _delete(
        request,
        allowed=can_edit_menu(request.user, menu),
        label=menu.restaurant,
        remove=lambda: services.delete_menu(actor=request.user, menu=menu),
        back=reverse("info:menu_detail", args=[menu.public_id]),
        done_url=reverse("info:menu_list"),
    )
