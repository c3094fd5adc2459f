"""The dispatcher's day, the drivers' open rides, run sheets (page and PDF) and the
drivers' calendar feed."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.accounts.models import User
from portal.accounts.permissions import participation_required
from portal.letters.periods import town_today
from portal.requests import TownRequest

from ..access import may_coordinate
from ..models import Service
from ..models_rides import Ride, Vehicle
from ..rides_calendar import render_rides_calendar
from ..run_sheet import render_run_sheet_pdf, run_sheet_context
from ..selectors_rides import (
    dispatch_board,
    feed_by_token,
    feed_of,
    feed_rides,
    is_driver,
    open_rides_for,
    run_sheet,
)
from ..services.driver_feeds import renew_driver_feed, revoke_driver_feed
from ..services.rides import assign_ride, take_ride
from .rides import parse_day, service_or_404


def _coordinated(request: TownRequest, slug: str) -> Service:
    service = service_or_404(slug, user=request.user)
    if not may_coordinate(request.user, service):
        raise PermissionDenied(_("Only the service's coordinator can do this."))
    return service


def _show_errors(request: TownRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@participation_required
@require_safe
def dispatch(request: TownRequest, slug: str) -> HttpResponse:
    service = _coordinated(request, slug)
    day = parse_day(request.GET.get("day"))
    rows = dispatch_board(service, day=day)
    return render(
        request,
        "volunteer/dispatch.html",
        {
            "service": service,
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "rows": rows,
            "open_count": sum(1 for row in rows if row.ride.status == "open"),
        },
    )


def _ride_of_service(public_id: UUID) -> Ride:
    ride = Ride.objects.select_related("service").filter(public_id=public_id).first()
    if ride is None:
        raise Http404
    return ride


def _day_url(name: str, ride: Ride) -> str:
    from portal.letters.periods import town_zone

    day = ride.starts_at.astimezone(town_zone()).date()
    return reverse(name, args=[ride.service.slug]) + f"?day={day.isoformat()}"


def _chosen(request: TownRequest, ride: Ride) -> tuple[User | None, Vehicle | None]:
    driver = None
    vehicle = None
    driver_id = request.POST.get("driver", "")
    vehicle_id = request.POST.get("vehicle", "")
    if driver_id.isdigit():
        driver = User.objects.people().filter(pk=int(driver_id)).first()
    if vehicle_id.isdigit():
        vehicle = Vehicle.objects.filter(pk=int(vehicle_id), service=ride.service).first()
    return driver, vehicle


@participation_required
@require_POST
def ride_assign(request: TownRequest, public_id: UUID) -> HttpResponse:
    ride = _ride_of_service(public_id)
    if not may_coordinate(request.user, ride.service):
        raise Http404
    driver, vehicle = _chosen(request, ride)
    back = _day_url("volunteer:dispatch", ride)
    if driver is None or vehicle is None:
        messages.error(request, _("Please choose a driver and a vehicle."))
        return HttpResponseRedirect(back)
    try:
        assign_ride(ride=ride, driver=driver, vehicle=vehicle, by=request.user)
    except ValidationError as exc:
        _show_errors(request, exc)
    else:
        messages.success(request, _("%(driver)s drives this ride.") % {"driver": driver.full_name})
    return HttpResponseRedirect(back)


@participation_required
@require_safe
def open_rides(request: TownRequest, slug: str) -> HttpResponse:
    service = service_or_404(slug)
    today = town_today()
    driver = is_driver(request.user, service, day=today)
    rows = open_rides_for(request.user, service, today=today) if driver else []
    return render(
        request,
        "volunteer/open_rides.html",
        {"service": service, "rows": rows, "is_driver": driver},
    )


@participation_required
@require_POST
def ride_take(request: TownRequest, public_id: UUID) -> HttpResponse:
    ride = _ride_of_service(public_id)
    _driver, vehicle = _chosen(request, ride)
    back = reverse("volunteer:open_rides", args=[ride.service.slug])
    if vehicle is None:
        messages.error(request, _("Please choose a vehicle."))
        return HttpResponseRedirect(back)
    try:
        take_ride(ride=ride, driver=request.user, vehicle=vehicle)
    except ValidationError as exc:
        _show_errors(request, exc)
        return HttpResponseRedirect(back)
    messages.success(request, _("Thank you! The ride is yours. It is on your run sheet."))
    return HttpResponseRedirect(_day_url("volunteer:run_sheet", ride))


def _sheet_driver(request: TownRequest, service: Service) -> User:
    """The driver themself, or for a coordinator the driver named by `?driver=`."""
    wanted = request.GET.get("driver", "")
    if wanted and may_coordinate(request.user, service):
        try:
            UUID(wanted)
        except ValueError:
            raise Http404 from None
        driver = User.objects.people().filter(public_id=wanted).first()
        if driver is None:
            raise Http404
        return driver
    return request.user


@participation_required
@require_safe
def run_sheet_page(request: TownRequest, slug: str) -> HttpResponse:
    service = service_or_404(slug, user=request.user)
    driver = _sheet_driver(request, service)
    day = parse_day(request.GET.get("day"))
    rides = run_sheet(driver, service, day=day)
    query = f"?day={day.isoformat()}"
    if driver.pk != request.user.pk:
        query += f"&driver={driver.public_id}"
    response = render(
        request,
        "volunteer/run_sheet.html",
        {
            **run_sheet_context(service=service, driver=driver, day=day, rides=rides),
            "pdf_url": reverse("volunteer:run_sheet_pdf", args=[service.slug]) + query,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@participation_required
@require_safe
def run_sheet_pdf(request: TownRequest, slug: str) -> HttpResponse:
    service = service_or_404(slug, user=request.user)
    driver = _sheet_driver(request, service)
    day = parse_day(request.GET.get("day"))
    rides = run_sheet(driver, service, day=day)
    content = render_run_sheet_pdf(
        service=service,
        driver=driver,
        day=day,
        rides=rides,
        language=translation.get_language() or "de",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="run-sheet-{day.isoformat()}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@participation_required
@require_http_methods(["GET", "POST"])
def driver_calendar(request: TownRequest, slug: str) -> HttpResponse:
    """The driver makes, renews or switches off their calendar address."""
    service = service_or_404(slug)
    if not is_driver(request.user, service, day=town_today()):
        raise PermissionDenied(_("Only the service's drivers have a ride calendar."))
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoke_driver_feed(service=service, driver=request.user)
            messages.success(request, _("The calendar address is switched off."))
        else:
            renew_driver_feed(service=service, driver=request.user)
            messages.success(
                request, _("You have a new calendar address. An old one no longer works.")
            )
        return HttpResponseRedirect(reverse("volunteer:driver_calendar", args=[service.slug]))
    feed = feed_of(service, request.user)
    feed_url = ""
    if feed is not None:
        feed_url = request.build_absolute_uri(reverse("volunteer:driver_feed", args=[feed.token]))
    return render(
        request,
        "volunteer/driver_calendar.html",
        {"service": service, "feed": feed, "feed_url": feed_url},
    )


@require_safe
def driver_feed(request: TownRequest, token: str) -> HttpResponse:
    # The token is the credential: a renewed, made-up or other town's token is a 404.
    feed = feed_by_token(token)
    if feed is None:
        raise Http404
    name = _("Rides of %(name)s") % {"name": feed.driver.full_name}
    body = render_rides_calendar(feed_rides(feed), name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rides.ics"'
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
