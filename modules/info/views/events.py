"""Events: list, detail, and creating, changing, cancelling and deleting them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.models import Role
from portal.accounts.permissions import participation_required, role_required
from portal.requests import TownRequest

from .. import selectors, services
from ..forms import CancelEventForm, EventFilterForm, EventForm, event_form_class
from ..models import Event
from ..organisers import organisers_for
from ..permissions import can_create_events, can_edit_event, is_staff
from .common import delete_page, form_page

EVENT_FIELDS = (
    "title",
    "description",
    "category",
    "organiser_name",
    "organiser_slug",
    "place",
    "district",
    "start",
    "end",
    "recurrence",
    "recurrence_until",
    "recurrence_count",
)


def _districts(request: TownRequest) -> list[str]:
    return list(getattr(request.tenant, "districts", None) or [])


@require_GET
def event_list(request: TownRequest) -> HttpResponse:
    """The coming dates by day; the filters are a GET form, so they stay in the address."""
    settings = selectors.info_settings()
    organisers = selectors.event_organisers()
    form = EventFilterForm(
        request.GET or None,
        organisers=[(name, name) for name in organisers],
        districts=_districts(request),
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.EventFilters(
        category=data.get("category", ""),
        organiser=data.get("organiser", ""),
        district=data.get("district", ""),
        when=data.get("when", ""),
    )
    return render(
        request,
        "info/event_list.html",
        {
            "days": selectors.events_by_day(weeks=settings.event_weeks_ahead, filters=filters),
            "form": form,
            "filtered": filters != selectors.EventFilters(),
            "weeks": settings.event_weeks_ahead,
            "can_create_events": can_create_events(request.user),
        },
    )


def _event_form(request: TownRequest, *, town_event: bool, current: str = "") -> type[EventForm]:
    organisers = organisers_for(request.user)
    if current and current not in dict(organisers):
        # An event keeps the organisation it already names, even for someone else editing it.
        organisers = [*organisers, (current, current)]
    return event_form_class(
        organisers=organisers, districts=_districts(request), town_event=town_event
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
        form_class=_event_form(request, town_event=staff),
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
        form_class=_event_form(request, town_event=False, current=event.organiser_slug),
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


@require_http_methods(["GET", "POST"])
@participation_required
def event_delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    event = get_object_or_404(Event, public_id=public_id)
    return delete_page(
        request,
        allowed=is_staff(request.user),
        label=event.title,
        remove=lambda: services.delete_event(actor=request.user, event=event),
        back=reverse("info:event_detail", args=[event.public_id]),
        done_url=reverse("info:event_list"),
    )
