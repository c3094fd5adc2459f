"""The residents' ride pages: book a ride or a series (also by the network manager on the
phone, for someone who gave consent), a ride's page, its printable confirmation, cancel."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.accounts.models import User
from portal.accounts.permissions import participation_required
from portal.behalf.selectors import consent_refusal, person_for
from portal.behalf.views import consent_refused, network_manager_required
from portal.branding.models import TownPages
from portal.forms_views import post_action
from portal.letters.periods import town_today
from portal.requests import TownRequest
from portal.validation import add_service_errors

from ..access import may_coordinate
from ..forms_rides import BookRideForm, BookSeriesForm, CancelForm, at_town_time
from ..models import Service
from ..models_rides import RideSeries, RideStatus
from ..ride_hours import describe_hours
from ..scopes import REQUESTS
from ..selectors_rides import ride_service, rides_of, sees_addresses, visible_ride
from ..services.messages import mark_seen
from ..services.rides import book_ride, cancel_ride, complete_ride, unassign_ride
from ..services.series import book_series, cancel_series


def service_or_404(slug: str, *, user: User | None = None) -> Service:
    """The public ride service; with `user`, also a hidden one `user` coordinates."""
    service = ride_service(slug, user=user)
    if service is None:
        raise Http404
    return service


def _book_page(
    request: TownRequest, *, service: Service, person: User, for_someone: bool
) -> HttpResponse:
    form = BookRideForm(
        request.POST or None, service=service, initial={"phone": person.phone, "passengers": 1}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            starts = at_town_time(data["day"], data["pickup_time"])
            back = at_town_time(data["day"], data["return_time"]) if data["return_time"] else None
            try:
                ride = book_ride(
                    service=service,
                    resident=person,
                    booked_by=request.user if for_someone else None,
                    starts_at=starts,
                    return_at=back,
                    **form.trip(),
                )
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your ride is booked. We will look for a driver."))
                target = "volunteer:ride_confirmation" if for_someone else "volunteer:ride"
                return HttpResponseRedirect(reverse(target, args=[ride.public_id]))
    return render(
        request,
        "volunteer/ride_book.html",
        {
            "form": form,
            "service": service,
            "person": person if for_someone else None,
            "hours": describe_hours(service),
            "rides": [] if for_someone else rides_of(person, service=service),
        },
        status=status,
    )


@participation_required
@require_http_methods(["GET", "POST"])
def ride_book(request: TownRequest, slug: str) -> HttpResponse:
    service = service_or_404(slug)
    return _book_page(request, service=service, person=request.user, for_someone=False)


@network_manager_required
@require_http_methods(["GET", "POST"])
def ride_book_for(request: TownRequest, slug: str, person: UUID) -> HttpResponse:
    service = service_or_404(slug)
    someone = person_for(public_id=person)
    if someone is None:
        raise Http404
    reason = consent_refusal(actor=request.user, person=someone, scope=REQUESTS)
    if reason is not None:
        return consent_refused(request, person=someone, message=reason)
    return _book_page(request, service=service, person=someone, for_someone=True)


@participation_required
@require_http_methods(["GET", "POST"])
def series_book(request: TownRequest, slug: str) -> HttpResponse:
    service = service_or_404(slug)
    form = BookSeriesForm(
        request.POST or None,
        service=service,
        initial={"phone": request.user.phone, "passengers": 1},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                booked = book_series(
                    service=service,
                    resident=request.user,
                    frequency=data["frequency"],
                    weekday=data["weekday"],
                    pickup_time=data["pickup_time"],
                    return_time=data["return_time"],
                    first_day=data["first_day"],
                    last_day=data["last_day"],
                    **form.trip(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return render(
                    request,
                    "volunteer/series_booked.html",
                    {"service": service, "booked": booked},
                )
    return render(
        request,
        "volunteer/series_book.html",
        {"form": form, "service": service, "hours": describe_hours(service)},
        status=status,
    )


def ride_or_404(request: TownRequest, public_id: UUID) -> Any:
    ride = visible_ride(request.user, public_id)
    if ride is None:
        raise Http404
    return ride


@participation_required
@require_safe
def ride_page(request: TownRequest, public_id: UUID) -> HttpResponse:
    ride = ride_or_404(request, public_id)
    user = request.user
    mark_seen(user, ride)
    coordinator = may_coordinate(user, ride.service)
    open_or_assigned = ride.status in (RideStatus.OPEN, RideStatus.ASSIGNED)
    response = render(
        request,
        "volunteer/ride.html",
        {
            "ride": ride,
            "show_addresses": sees_addresses(user, ride),
            "is_resident": user.pk == ride.resident_id,
            "is_driver": user.pk == ride.driver_id,
            "is_coordinator": coordinator,
            "may_cancel": open_or_assigned and (user.pk == ride.resident_id or coordinator),
            "may_unassign": ride.status == RideStatus.ASSIGNED
            and (user.pk == ride.driver_id or coordinator),
            "may_complete": ride.status == RideStatus.ASSIGNED
            and (user.pk == ride.driver_id or coordinator),
            "cancel_form": CancelForm(),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@participation_required
@require_safe
def ride_confirmation(request: TownRequest, public_id: UUID) -> HttpResponse:
    """The printable confirmation for a resident without e-mail (big text)."""
    ride = ride_or_404(request, public_id)
    response = render(
        request,
        "volunteer/ride_confirmation.html",
        {"ride": ride, "pages": TownPages.current()},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@participation_required
@require_POST
def ride_cancel(request: TownRequest, public_id: UUID) -> HttpResponse:
    ride = ride_or_404(request, public_id)
    reason = request.POST.get("reason", "")
    user = request.user
    return post_action(
        request,
        run=lambda: cancel_ride(ride=ride, by=user, reason=reason),
        success=_("The ride is cancelled. The others have been told."),
        redirect_to=reverse("volunteer:ride", args=[ride.public_id]),
        show_refusal=True,
    )


@participation_required
@require_POST
def ride_unassign(request: TownRequest, public_id: UUID) -> HttpResponse:
    ride = ride_or_404(request, public_id)
    user = request.user
    # A driver who hands the ride back may no longer see it: back to the open rides.
    back_to = (
        reverse("volunteer:ride", args=[ride.public_id])
        if may_coordinate(user, ride.service)
        else reverse("volunteer:open_rides", args=[ride.service.slug])
    )
    return post_action(
        request,
        run=lambda: unassign_ride(ride=ride, by=user),
        success=_("The ride is waiting for a driver again."),
        redirect_to=back_to,
        show_refusal=True,
    )


@participation_required
@require_POST
def ride_done(request: TownRequest, public_id: UUID) -> HttpResponse:
    ride = ride_or_404(request, public_id)
    user = request.user
    return post_action(
        request,
        run=lambda: complete_ride(ride=ride, by=user),
        success=_("The ride is marked done. Thank you!"),
        redirect_to=reverse("volunteer:ride", args=[ride.public_id]),
        show_refusal=True,
    )


@participation_required
@require_POST
def series_cancel(request: TownRequest, public_id: UUID) -> HttpResponse:
    series = RideSeries.objects.select_related("service").filter(public_id=public_id).first()
    user = request.user
    if series is None or not (
        series.resident_id == user.pk or may_coordinate(user, series.service)
    ):
        raise Http404
    return post_action(
        request,
        run=lambda: cancel_series(series=series, by=user, reason=request.POST.get("reason", "")),
        success=_("All future rides of this series are cancelled."),
        redirect_to=reverse("volunteer:ride_book", args=[series.service.slug]),
        show_refusal=True,
    )


def parse_day(value: str | None) -> date:
    """`?day=YYYY-MM-DD`, today when missing or unreadable."""
    if value:
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return town_today()
        if 1900 <= day.year <= 2200:
            return day
    return town_today()
