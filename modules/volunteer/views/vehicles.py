"""The coordinator's pages for the ride service: the vehicles, and the driving hours and
area."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.accounts.permissions import participation_required
from portal.forms_views import form_page
from portal.requests import TownRequest
from portal.validation import add_service_errors

from ..forms_rides import RideSettingsForm, VehicleForm, hours_from
from ..models_rides import Vehicle
from ..ride_hours import hours_rows
from ..services.vehicles import add_vehicle, change_ride_settings, change_vehicle
from .dispatch import _coordinated


@participation_required
@require_http_methods(["GET", "POST"])
def vehicles(request: TownRequest, slug: str) -> HttpResponse:
    service = _coordinated(request, slug)
    here = reverse("volunteer:vehicles", args=[service.slug])
    fleet = list(Vehicle.objects.filter(service=service))
    form = VehicleForm(initial={"is_active": True, "wheelchair_places": 0})
    status = 200
    if request.method == "POST":
        form = VehicleForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            chosen = request.POST.get("vehicle", "")
            try:
                if chosen:
                    vehicle = next((v for v in fleet if str(v.pk) == chosen), None)
                    if vehicle is None:
                        raise ValidationError(_("This vehicle does not exist."))
                    change_vehicle(
                        vehicle=vehicle,
                        by=request.user,
                        name=data["name"],
                        seats=data["seats"],
                        wheelchair_places=data["wheelchair_places"],
                        is_active=data["is_active"],
                    )
                    messages.success(request, _("The vehicle is saved."))
                else:
                    add_vehicle(
                        service=service,
                        by=request.user,
                        name=data["name"],
                        seats=data["seats"],
                        wheelchair_places=data["wheelchair_places"],
                    )
                    messages.success(request, _("The vehicle is added."))
            except (ValidationError, PermissionDenied) as exc:
                add_service_errors(form, exc)
            else:
                return HttpResponseRedirect(here)
    return render(
        request,
        "volunteer/vehicles.html",
        {
            "service": service,
            "form": form,
            "fleet": [
                (
                    v,
                    VehicleForm(
                        initial={
                            "name": v.name,
                            "seats": v.seats,
                            "wheelchair_places": v.wheelchair_places,
                            "is_active": v.is_active,
                        },
                        auto_id=f"id_v{v.pk}_%s",
                    ),
                )
                for v in fleet
            ],
        },
        status=status,
    )


@participation_required
@require_http_methods(["GET", "POST"])
def ride_settings(request: TownRequest, slug: str) -> HttpResponse:
    service = _coordinated(request, slug)
    initial: dict[str, object] = {
        "districts": "\n".join(service.eligible_districts),
        "ride_minutes": service.ride_minutes,
        "buffer_minutes": service.buffer_minutes,
    }
    for weekday, (start, end) in hours_rows(service.operating_hours).items():
        initial[f"start_{weekday}"] = start
        initial[f"end_{weekday}"] = end
    user = request.user

    def save(data: dict[str, object]) -> object:
        return change_ride_settings(
            service=service,
            by=user,
            hours=hours_from(data),
            districts=str(data.get("districts") or "").splitlines(),
            ride_minutes=int(str(data["ride_minutes"])),
            buffer_minutes=int(str(data["buffer_minutes"])),
        )

    return form_page(
        request,
        form_class=RideSettingsForm,
        template="volunteer/ride_settings.html",
        action=save,
        done=_("The driving hours and area are saved."),
        redirect_to=reverse("volunteer:ride_settings", args=[service.slug]),
        initial=initial,
        context={"service": service},
    )
