"""The ride service's vehicles and its driving hours and area, changed by the coordinator."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.validation import Errors

from ..access import require_coordinator
from ..models import Service
from ..models_rides import Vehicle
from .catalogue import town_districts


def _check(errors: Errors, *, name: object, seats: int, wheelchair_places: int) -> str:
    cleaned = errors.text("name", name, max_length=80)
    if not 1 <= seats <= 20:
        errors.add("seats", _("A vehicle has between 1 and 20 seats for passengers."))
    if not 0 <= wheelchair_places <= 4:
        errors.add("wheelchair_places", _("Between 0 and 4 wheelchair places."))
    return cleaned


def _save(vehicle: Vehicle, errors: Errors) -> Vehicle:
    try:
        with transaction.atomic():
            vehicle.save()
    except IntegrityError:
        errors.add("name", _("The service already has a vehicle of this name."))
        errors.raise_if_any()
    return vehicle


@transaction.atomic
def add_vehicle(
    *, service: Service, by: User, name: str, seats: int, wheelchair_places: int
) -> Vehicle:
    """A new vehicle of the ride service, in use at once."""
    require_coordinator(by, service)
    errors = Errors()
    cleaned = _check(errors, name=name, seats=seats, wheelchair_places=wheelchair_places)
    errors.raise_if_any()
    vehicle = Vehicle(
        service=service, name=cleaned, seats=seats, wheelchair_places=wheelchair_places
    )
    return _save(vehicle, errors)


@transaction.atomic
def change_vehicle(
    *, vehicle: Vehicle, by: User, name: str, seats: int, wheelchair_places: int, is_active: bool
) -> Vehicle:
    """Change a vehicle; `is_active=False` retires it (its past rides keep pointing at it)."""
    current = Vehicle.objects.select_for_update().select_related("service").get(pk=vehicle.pk)
    require_coordinator(by, current.service)
    errors = Errors()
    current.name = _check(errors, name=name, seats=seats, wheelchair_places=wheelchair_places)
    errors.raise_if_any()
    current.seats = seats
    current.wheelchair_places = wheelchair_places
    current.is_active = is_active
    return _save(current, errors)


@transaction.atomic
def change_ride_settings(
    *,
    service: Service,
    by: User,
    hours: dict[int, tuple[str, str] | None],
    districts: list[str],
    ride_minutes: int,
    buffer_minutes: int,
) -> Service:
    """The driving hours (one window per weekday, None = no rides that day), the area and
    the planning times. New times apply to new bookings; booked rides keep theirs."""
    current = Service.objects.select_for_update().get(pk=service.pk)
    require_coordinator(by, current)
    errors = Errors()
    rows = []
    for weekday in sorted(hours):
        window = hours[weekday]
        if window is None:
            continue
        start, end = window
        if not (len(start) == 5 and len(end) == 5 and start < end):
            errors.add(f"end_{weekday}", _("The end must be after the start."))
        rows.append({"weekday": weekday, "start": start, "end": end})
    cleaned_districts = []
    for district in districts:
        name = errors.text("districts", district, max_length=80, required=False)
        if name and name not in cleaned_districts:
            cleaned_districts.append(name)
    cleaned_districts = town_districts(errors, "districts", cleaned_districts)
    if not 5 <= ride_minutes <= 600:
        errors.add("ride_minutes", _("A ride takes between 5 and 600 minutes."))
    if not 0 <= buffer_minutes <= 240:
        errors.add("buffer_minutes", _("Between 0 and 240 minutes."))
    errors.raise_if_any()
    current.operating_hours = rows
    current.eligible_districts = cleaned_districts
    current.ride_minutes = ride_minutes
    current.buffer_minutes = buffer_minutes
    current.updated_at = timezone.now()
    current.save(
        update_fields=[
            "operating_hours",
            "eligible_districts",
            "ride_minutes",
            "buffer_minutes",
            "updated_at",
        ]
    )
    return current
