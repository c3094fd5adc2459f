"""A ride's life: booked (open) → assigned (driver and vehicle) → done, or cancelled by
either side with notice to the other; an assigned ride can be handed back (open again).

Every step locks the ride's row. The conflict check (driver or vehicle busy from pick-up
until the planned arrival plus the buffer; the vehicle's seats and wheelchair places) gives
the clear message; the two exclusion constraints on `Ride` are the last line, and their
IntegrityError becomes the same message. Of two drivers taking one open ride at once, the
second waits for the lock and is told that the ride is already taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.directory.models import Organisation
from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.behalf.services import acting_for
from portal.letters.periods import town_today, town_zone
from portal.validation import Errors

from ..access import may_coordinate, require_coordinator
from ..demand import record_demand
from ..eligibility import Declared, refusals
from ..models import DemandStep, Service
from ..models_rides import BLOCKING, Ride, RideStatus, Vehicle
from ..ride_hours import hours_problem, ride_end
from ..scopes import REQUESTS
from ..selectors_helpers import assignment_problem
from . import ride_mails

ADDRESS_MAX = 300
NOTE_MAX = 500
REASON_MAX = 500


@dataclass(frozen=True)
class Trip:
    """What a booking says about the trip, cleaned (shared by single rides and series)."""

    pickup_address: str
    pickup_district: str
    destination_address: str
    destination_district: str
    passengers: int
    wheelchair: bool
    companion: bool
    note: str
    phone: str


def seats_needed(passengers: int, companion: bool) -> int:
    return passengers + (1 if companion else 0)


def check_trip(
    errors: Errors,
    *,
    service: Service,
    pickup_address: object,
    pickup_district: object,
    destination_address: object,
    destination_district: object,
    passengers: int,
    wheelchair: bool,
    companion: bool,
    note: object,
    phone: object,
) -> Trip:
    """Clean the trip and record every problem: the area, the seats, a wheelchair place."""
    pickup = errors.text("pickup_address", pickup_address, max_length=ADDRESS_MAX)
    destination = errors.text("destination_address", destination_address, max_length=ADDRESS_MAX)
    from_district = errors.text("pickup_district", pickup_district, max_length=80, required=False)
    to_district = errors.text(
        "destination_district", destination_district, max_length=80, required=False
    )
    area = service.eligible_districts
    if area:
        served = ", ".join(area)
        if from_district not in area:
            errors.add(
                "pickup_district",
                _("The service only picks people up in %(districts)s.") % {"districts": served},
            )
        if to_district not in area:
            errors.add(
                "destination_district",
                _("The service only drives to places in %(districts)s.") % {"districts": served},
            )
    if not isinstance(passengers, int) or isinstance(passengers, bool) or passengers < 1:
        errors.add("passengers", _("At least one person travels."))
        passengers = 1
    fleet = Vehicle.objects.filter(service=service, is_active=True).aggregate(
        seats=Max("seats"), places=Max("wheelchair_places")
    )
    most_seats = fleet["seats"] or 0
    if seats_needed(passengers, companion) > most_seats:
        if most_seats == 0:
            errors.add("passengers", _("The service has no vehicle in use at the moment."))
        else:
            errors.add(
                "passengers",
                _(
                    "Our largest vehicle has %(seats)d seats; %(needed)d people cannot travel "
                    "together. Please book two rides or call us."
                )
                % {"seats": most_seats, "needed": seats_needed(passengers, companion)},
            )
    if wheelchair and not fleet["places"]:
        errors.add(
            "wheelchair",
            _("None of our vehicles can take a wheelchair. Please call us to find a way."),
        )
    return Trip(
        pickup_address=pickup,
        pickup_district=from_district,
        destination_address=destination,
        destination_district=to_district,
        passengers=passengers,
        wheelchair=bool(wheelchair),
        companion=bool(companion),
        note=errors.text("note", note, max_length=NOTE_MAX, required=False),
        phone=errors.phone("phone", phone),
    )


def check_eligible(
    errors: Errors, *, service: Service, resident: User, district: str, birth_date: date | None
) -> None:
    """The service's eligibility rules (the pick-up district is where the person lives);
    each refusal is recorded in `errors` and counted for the unmet-demand figures."""
    if (
        not service.is_rides
        or not service.is_active
        or service.is_hidden
        or service.organisation.status != Organisation.Status.APPROVED
    ):
        raise ValidationError(_("This service takes no bookings at the moment."))
    who = f"user:{resident.pk}"
    record_demand(service=service, step=DemandStep.STARTED, who=who)
    verdict = refusals(
        service, Declared(district=district, birth_date=birth_date), today=town_today()
    )
    field = {"district": "pickup_district", "min_age": "birth_date"}
    for refusal in verdict.refusals:
        record_demand(service=service, step=DemandStep.REFUSED, who=who, rule=refusal.rule)
        errors.add(field.get(refusal.rule, "__all__"), refusal.message)


def booking_person(*, resident: User, booked_by: User | None) -> tuple[User, User | None]:
    """(the resident, the person at the keyboard when it is someone else); acting for a
    resident needs their consent in the `volunteer_requests` scope (raises otherwise)."""
    if booked_by is None or booked_by.pk == resident.pk:
        return resident, None
    person = acting_for(actor=booked_by, on_behalf_of=resident, scope=REQUESTS)
    return person, booked_by


def new_ride(
    *, service: Service, resident: User, entered_by: User | None, trip: Trip, starts_at: datetime
) -> Ride:
    ends = ride_end(service, starts_at)
    return Ride(
        service=service,
        resident=resident,
        entered_by=entered_by,
        starts_at=starts_at,
        ends_at=ends,
        busy_until=ends + timedelta(minutes=service.buffer_minutes),
        pickup_address=trip.pickup_address,
        pickup_district=trip.pickup_district,
        destination_address=trip.destination_address,
        destination_district=trip.destination_district,
        passengers=trip.passengers,
        wheelchair=trip.wheelchair,
        companion=trip.companion,
        note=trip.note,
        phone=trip.phone,
    )


def return_trip(trip: Trip) -> Trip:
    """The way back: from the destination to the pick-up address."""
    return Trip(
        pickup_address=trip.destination_address,
        pickup_district=trip.destination_district,
        destination_address=trip.pickup_address,
        destination_district=trip.pickup_district,
        passengers=trip.passengers,
        wheelchair=trip.wheelchair,
        companion=trip.companion,
        note=trip.note,
        phone=trip.phone,
    )


def check_booking(
    errors: Errors,
    *,
    service: Service,
    resident: User,
    birth_date: date | None,
    pickup_district: str,
    **trip_fields: Any,
) -> Trip:
    """A ride's and a series' shared checks: the eligibility rules (the pick-up district is
    where the person lives) and the trip itself; problems go into `errors`."""
    check_eligible(
        errors,
        service=service,
        resident=resident,
        district=str(pickup_district or ""),
        birth_date=birth_date,
    )
    return check_trip(errors, service=service, pickup_district=pickup_district, **trip_fields)


def book_ride(
    *,
    service: Service,
    resident: User,
    booked_by: User | None = None,
    pickup_address: str,
    pickup_district: str,
    destination_address: str,
    destination_district: str,
    starts_at: datetime,
    return_at: datetime | None = None,
    passengers: int = 1,
    wheelchair: bool = False,
    companion: bool = False,
    note: str = "",
    phone: str = "",
    birth_date: date | None = None,
) -> Ride:
    """Book a ride (and with `return_at` its return ride) for `resident`; `booked_by` is the
    network manager taking it on the phone. Every problem is named at once; nothing is
    written then (only the unmet-demand count of an eligibility refusal)."""
    with transaction.atomic():
        person, entered_by = booking_person(resident=resident, booked_by=booked_by)
    errors = Errors()
    trip = check_booking(
        errors,
        service=service,
        resident=person,
        birth_date=birth_date,
        pickup_address=pickup_address,
        pickup_district=pickup_district,
        destination_address=destination_address,
        destination_district=destination_district,
        passengers=passengers,
        wheelchair=wheelchair,
        companion=companion,
        note=note,
        phone=phone,
    )
    errors.moment("starts_at", starts_at)
    if starts_at <= timezone.now():
        errors.add("starts_at", _("This time has passed. Please choose a time in the future."))
    else:
        problem = hours_problem(service, starts_at)
        if problem:
            errors.add("starts_at", problem)
    if return_at is not None:
        errors.moment("return_at", return_at)
        if return_at < ride_end(service, starts_at):
            errors.add(
                "return_at",
                _("The way back can start at %(time)s at the earliest, when the ride there ends.")
                % {"time": f"{ride_end(service, starts_at).astimezone(town_zone()):%H:%M}"},
            )
        else:
            problem = hours_problem(service, return_at)
            if problem:
                errors.add("return_at", problem)
    errors.raise_if_any()
    with transaction.atomic():
        person, entered_by = booking_person(resident=resident, booked_by=booked_by)
        ride = new_ride(
            service=service, resident=person, entered_by=entered_by, trip=trip, starts_at=starts_at
        )
        ride.save()
        if return_at is not None:
            back = new_ride(
                service=service,
                resident=person,
                entered_by=entered_by,
                trip=return_trip(trip),
                starts_at=return_at,
            )
            back.outward = ride
            back.save()
        if entered_by is not None:
            record_audit(
                actor=entered_by,
                action="volunteer_ride_booked_for",
                on_behalf_of=person,
                target=ride,
            )
        ride_mails.booked(ride)
    record_demand(service=service, step=DemandStep.REQUESTED, who=f"user:{person.pk}")
    return ride


# --- assigning ------------------------------------------------------------------------------


def _locked(ride: Ride) -> Ride:
    return Ride.objects.select_for_update().select_related("service").get(pk=ride.pk)


def busy_message(*, driver_busy: bool) -> str:
    if driver_busy:
        return _("The driver has another ride at that time (including the time between rides).")
    return _("The vehicle is on another ride at that time (including the time between rides).")


def vehicle_problem(ride: Ride, vehicle: Vehicle) -> str | None:
    """Why `vehicle` cannot do `ride` (another service, retired, too small), or None."""
    if vehicle.service_id != ride.service_id or not vehicle.is_active:
        return _("This vehicle is not in use for this service.")
    if vehicle.seats < seats_needed(ride.passengers, ride.companion):
        return _("%(vehicle)s has %(seats)d seats; this ride needs %(needed)d.") % {
            "vehicle": vehicle.name,
            "seats": vehicle.seats,
            "needed": seats_needed(ride.passengers, ride.companion),
        }
    if ride.wheelchair and vehicle.wheelchair_places < 1:
        return _("%(vehicle)s has no place for a wheelchair.") % {"vehicle": vehicle.name}
    return None


def _assign(ride: Ride, *, driver: User, vehicle: Vehicle, by: User) -> Ride:
    errors = Errors()
    day = ride.starts_at.astimezone(town_zone()).date()
    problem = assignment_problem(ride.service, driver, day=day)
    if problem:
        errors.add("driver", problem)
    if driver.pk == ride.resident_id:
        errors.add("driver", _("Nobody can drive their own ride."))
    problem = vehicle_problem(ride, vehicle)
    if problem:
        errors.add("vehicle", problem)
    if ride.starts_at <= timezone.now():
        errors.add("__all__", _("This ride has already started."))
    overlapping = (
        Ride.objects.filter(
            status__in=BLOCKING, starts_at__lt=ride.busy_until, busy_until__gt=ride.starts_at
        )
        .filter(Q(driver=driver) | Q(vehicle=vehicle))
        .exclude(pk=ride.pk)
        .values_list("driver_id", "vehicle_id")
    )
    for driver_id, vehicle_id in overlapping:
        if driver_id == driver.pk:
            errors.add("driver", busy_message(driver_busy=True))
        if vehicle_id == vehicle.pk:
            errors.add("vehicle", busy_message(driver_busy=False))
    errors.raise_if_any()
    ride.status = RideStatus.ASSIGNED
    ride.driver = driver
    ride.vehicle = vehicle
    ride.assigned_at = timezone.now()
    ride.assigned_by = by
    ride.updated_at = timezone.now()
    try:
        with transaction.atomic():
            ride.save(
                update_fields=[
                    "status",
                    "driver",
                    "vehicle",
                    "assigned_at",
                    "assigned_by",
                    "updated_at",
                ]
            )
    except IntegrityError as exc:  # a parallel assignment got in between: same message
        driver_busy = "driver_once" in str(exc)
        raise ValidationError(
            {"driver" if driver_busy else "vehicle": [busy_message(driver_busy=driver_busy)]}
        ) from exc
    ride_mails.assigned(ride)
    return ride


@transaction.atomic
def assign_ride(*, ride: Ride, driver: User, vehicle: Vehicle, by: User) -> Ride:
    """The dispatcher gives an open (or re-gives an assigned) ride a driver and a vehicle."""
    require_coordinator(by, ride.service)
    current = _locked(ride)
    if current.status not in (RideStatus.OPEN, RideStatus.ASSIGNED):
        raise ValidationError(_("This ride is no longer waiting for a driver."))
    before = current.driver if current.status == RideStatus.ASSIGNED else None
    assigned = _assign(current, driver=driver, vehicle=vehicle, by=by)
    if before is not None and before.pk != driver.pk:
        ride_mails.unassigned(assigned, driver=before, by=by)
    _audit_dispatcher(assigned, by=by, action="volunteer_ride_assigned")
    return assigned


def _audit_dispatcher(ride: Ride, *, by: User, action: str) -> None:
    """The dispatcher changed a resident's ride: that goes into the audit log."""
    if by.pk != ride.resident_id:
        record_audit(actor=by, action=action, subject=ride.resident, target=ride)


def _refuse_started(ride: Ride, by: User) -> None:
    """Once a ride has started only the dispatcher can still change it."""
    if ride.starts_at <= timezone.now() and not may_coordinate(by, ride.service):
        raise ValidationError(_("This ride has already started. Please call the dispatcher."))


@transaction.atomic
def take_ride(*, ride: Ride, driver: User, vehicle: Vehicle) -> Ride:
    """A driver takes an open ride; the first one wins, the next one hears it is taken."""
    current = _locked(ride)
    if current.status != RideStatus.OPEN:
        raise ValidationError(_("Another driver has already taken this ride."))
    return _assign(current, driver=driver, vehicle=vehicle, by=driver)


@transaction.atomic
def unassign_ride(*, ride: Ride, by: User) -> Ride:
    """Hand an assigned ride back (open again): the dispatcher, or the driver who cannot
    drive after all; the other of the two is told."""
    current = _locked(ride)
    if current.driver_id != by.pk and not may_coordinate(by, current.service):
        raise PermissionDenied(_("Only the driver or the dispatcher can do this."))
    if current.status != RideStatus.ASSIGNED:
        raise ValidationError(_("This ride has no driver to take off."))
    _refuse_started(current, by)
    driver = current.driver
    current.status = RideStatus.OPEN
    current.driver = None
    current.vehicle = None
    current.assigned_at = None
    current.assigned_by = None
    current.updated_at = timezone.now()
    current.save(
        update_fields=["status", "driver", "vehicle", "assigned_at", "assigned_by", "updated_at"]
    )
    assert driver is not None
    ride_mails.unassigned(current, driver=driver, by=by)
    if by.pk != driver.pk:
        _audit_dispatcher(current, by=by, action="volunteer_ride_unassigned")
    return current


def _resident_side(ride: Ride, by: User, on_behalf_of: User | None) -> User | None:
    """The resident cancelling (or acting for); None when `by` is the driver/dispatcher."""
    if on_behalf_of is not None:
        person = acting_for(actor=by, on_behalf_of=on_behalf_of, scope=REQUESTS)
        if person.pk != ride.resident_id:
            raise PermissionDenied(_("Only the person who booked the ride can do this."))
        return person
    if by.pk == ride.resident_id:
        return by
    return None


@transaction.atomic
def cancel_ride(
    *, ride: Ride, by: User, on_behalf_of: User | None = None, reason: str = ""
) -> Ride:
    """Cancel a ride that has not happened yet (and its way back, when the way there is
    cancelled). The resident (or a network manager for them) or the dispatcher; the other
    side is told."""
    current = _locked(ride)
    resident = _resident_side(current, by, on_behalf_of)
    if resident is None and not may_coordinate(by, current.service):
        raise PermissionDenied(
            _("Only the person who booked the ride or the dispatcher can do this.")
        )
    errors = Errors()
    cleaned = errors.text("reason", reason, max_length=REASON_MAX, required=False)
    if current.status not in (RideStatus.OPEN, RideStatus.ASSIGNED):
        errors.add("__all__", _("This ride is already done or cancelled."))
    errors.raise_if_any()
    _refuse_started(current, by)
    rides = [current]
    back = (
        Ride.objects.select_for_update()
        .filter(outward=current, status__in=(RideStatus.OPEN, RideStatus.ASSIGNED))
        .first()
    )
    if back is not None:
        rides.append(back)
    for item in rides:
        _cancel_one(item, by=by, reason=cleaned)
        if on_behalf_of is not None:
            record_audit(
                actor=by,
                action="volunteer_ride_cancelled_for",
                on_behalf_of=on_behalf_of,
                target=item,
            )
        elif resident is None:
            _audit_dispatcher(item, by=by, action="volunteer_ride_cancelled")
        ride_mails.cancelled(item, by_resident=resident is not None)
    return current


def _cancel_one(ride: Ride, *, by: User, reason: str) -> None:
    now = timezone.now()
    ride.status = RideStatus.CANCELLED
    ride.cancelled_at = now
    ride.cancelled_by = by
    ride.cancel_reason = reason
    ride.updated_at = now
    ride.save(
        update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "updated_at"]
    )


@transaction.atomic
def complete_ride(*, ride: Ride, by: User) -> Ride:
    """The driver (or the dispatcher) marks an assigned ride done, once it has started."""
    current = _locked(ride)
    if current.driver_id != by.pk and not may_coordinate(by, current.service):
        raise PermissionDenied(_("Only the driver or the dispatcher can do this."))
    if current.status != RideStatus.ASSIGNED:
        raise ValidationError(_("Only a ride with a driver can be marked done."))
    if current.starts_at > timezone.now():
        raise ValidationError(_("A ride can be marked done once it has started."))
    current.status = RideStatus.DONE
    current.updated_at = timezone.now()
    current.save(update_fields=["status", "updated_at"])
    return current
