"""Reads of the ride service: a day's rides for the dispatcher with the drivers and vehicles
free for each open one, the open rides a driver could take, a driver's run sheet and
calendar, and who may see a ride. Free and busy are worked out in Python from one query of
the rides around, so every list takes a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from modules.directory.models import Organisation
from portal.accounts.models import User
from portal.letters.periods import town_today, town_zone

from .access import may_coordinate
from .models import Service, ServiceKind
from .models_rides import BLOCKING, DriverFeed, Ride, RideStatus, Vehicle
from .selectors_helpers import assignable_helpers
from .services.rides import seats_needed

FEED_DAYS_BACK = 30


def ride_service(slug: str, *, user: User | AnonymousUser | None = None) -> Service | None:
    """The ride service with `slug` when it is public (not hidden, of an approved
    organisation, as `public_services`), or when `user` coordinates it."""
    service = (
        Service.objects.filter(slug=slug, kind=ServiceKind.RIDES)
        .select_related("organisation", "coordinator")
        .first()
    )
    if service is None:
        return None
    if not service.is_hidden and service.organisation.status == Organisation.Status.APPROVED:
        return service
    if isinstance(user, User) and may_coordinate(user, service):
        return service
    return None


def day_span(day: date) -> tuple[datetime, datetime]:
    """Midnight to midnight of `day` in the town's zone (23 or 25 hours on a change day)."""
    zone = town_zone()
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return start, end


def _with_people(rides: QuerySet[Ride]) -> QuerySet[Ride]:
    return rides.select_related(
        "service", "resident", "driver", "vehicle", "outward", "return_ride", "series"
    )


def may_see_ride(user: User | AnonymousUser, ride: Ride) -> bool:
    """The resident, the driver and the service's coordinators."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.pk in (ride.resident_id, ride.driver_id) or may_coordinate(user, ride.service)


def sees_addresses(user: User | AnonymousUser, ride: Ride) -> bool:
    """Addresses and phone: the resident, the assigned driver and the coordinators."""
    return may_see_ride(user, ride)


def visible_ride(user: User | AnonymousUser, public_id: UUID | str) -> Ride | None:
    ride = _with_people(Ride.objects.filter(public_id=public_id)).first()
    if ride is None or not may_see_ride(user, ride):
        return None
    return ride


def rides_of(resident: User, *, service: Service | None = None) -> QuerySet[Ride]:
    """A resident's bookings from today on (and those of the last week), soonest first."""
    since = timezone.now() - timedelta(days=7)
    rides = Ride.objects.filter(resident=resident, starts_at__gte=since)
    if service is not None:
        rides = rides.filter(service=service)
    return _with_people(rides).order_by("starts_at", "pk")


def overlaps(a: Ride, b: Ride) -> bool:
    return a.starts_at < b.busy_until and b.starts_at < a.busy_until


@dataclass
class BoardRow:
    ride: Ride
    drivers: list[User]
    vehicles: list[Vehicle]


def _free_for(
    ride: Ride, blocking: list[Ride], drivers: list[User], vehicles: list[Vehicle]
) -> tuple[list[User], list[Vehicle]]:
    busy = [other for other in blocking if other.pk != ride.pk and overlaps(ride, other)]
    busy_drivers = {other.driver_id for other in busy}
    busy_vehicles = {other.vehicle_id for other in busy}
    needed = seats_needed(ride.passengers, ride.companion)
    free_drivers = [d for d in drivers if d.pk not in busy_drivers]
    free_vehicles = [
        v
        for v in vehicles
        if v.pk not in busy_vehicles
        and v.seats >= needed
        and (not ride.wheelchair or v.wheelchair_places > 0)
    ]
    return free_drivers, free_vehicles


def _blocking(
    start: datetime, end: datetime, *, drivers: list[User], vehicles: list[Vehicle]
) -> list[Ride]:
    """The rides between `start` and `end` that keep one of `drivers` or `vehicles` busy,
    of any service (a driver may drive for two services; one query)."""
    return list(
        Ride.objects.filter(status__in=BLOCKING, starts_at__lt=end, busy_until__gt=start)
        .filter(Q(driver__in=[d.pk for d in drivers]) | Q(vehicle__in=[v.pk for v in vehicles]))
        .only("pk", "starts_at", "busy_until", "driver", "vehicle")
    )


def dispatch_board(service: Service, *, day: date) -> list[BoardRow]:
    """The day's rides, open ones first, each open one with the drivers and vehicles free
    then (four queries whatever the number of rides)."""
    start, end = day_span(day)
    rides = list(
        _with_people(
            Ride.objects.filter(service=service, starts_at__gte=start, starts_at__lt=end)
        ).order_by(
            Case(
                When(status=RideStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "starts_at",
            "pk",
        )
    )
    if not any(r.status == RideStatus.OPEN for r in rides):
        return [BoardRow(ride, [], []) for ride in rides]
    drivers = [h.user for h in assignable_helpers(service, day=day)]
    vehicles = list(Vehicle.objects.filter(service=service, is_active=True))
    blocking = _blocking(start, end, drivers=drivers, vehicles=vehicles)
    rows = []
    for ride in rides:
        if ride.status == RideStatus.OPEN:
            free_drivers, free_vehicles = _free_for(ride, blocking, drivers, vehicles)
            rows.append(BoardRow(ride, free_drivers, free_vehicles))
        else:
            rows.append(BoardRow(ride, [], []))
    return rows


def is_driver(user: User | AnonymousUser, service: Service, *, day: date) -> bool:
    return (
        isinstance(user, User) and assignable_helpers(service, day=day).filter(user=user).exists()
    )


def open_rides_for(driver: User, service: Service, *, today: date) -> list[BoardRow]:
    """The open rides of the next four weeks that `driver` is free for, each with the
    vehicles free then (three queries)."""
    start = timezone.now()
    end = day_span(today + timedelta(days=28))[1]
    rides = list(
        Ride.objects.filter(
            service=service, status=RideStatus.OPEN, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("service", "vehicle", "return_ride", "outward")
        .order_by("starts_at", "pk")
    )
    vehicles = list(Vehicle.objects.filter(service=service, is_active=True))
    blocking = _blocking(start, end, drivers=[driver], vehicles=vehicles)
    rows = []
    for ride in rides:
        drivers, free_vehicles = _free_for(ride, blocking, [driver], vehicles)
        if drivers and free_vehicles:
            rows.append(BoardRow(ride, drivers, free_vehicles))
    return rows


def run_sheet(driver: User, service: Service, *, day: date) -> list[Ride]:
    """The driver's rides of `day` in order (one query)."""
    start, end = day_span(day)
    return list(
        _with_people(
            Ride.objects.filter(
                service=service,
                driver=driver,
                status__in=BLOCKING,
                starts_at__gte=start,
                starts_at__lt=end,
            )
        ).order_by("starts_at", "pk")
    )


def feed_by_token(token: str) -> DriverFeed | None:
    """The feed of `token`, while its driver may still be given rides (a suspended driver,
    one who left or whose check ended has no calendar)."""
    if not token or len(token) > 64:
        return None
    feed = DriverFeed.objects.select_related("service", "driver").filter(token=token).first()
    if feed is None:
        return None
    if not assignable_helpers(feed.service, day=town_today()).filter(user=feed.driver).exists():
        return None
    return feed


def feed_of(service: Service, driver: User) -> DriverFeed | None:
    return DriverFeed.objects.filter(service=service, driver=driver).first()


def feed_rides(feed: DriverFeed) -> QuerySet[Ride]:
    """The driver's rides for the feed: from 30 days back on, cancelled ones included (a
    calendar strikes them out)."""
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    return (
        Ride.objects.filter(service=feed.service, starts_at__gte=since)
        .filter(
            Q(driver=feed.driver, status__in=BLOCKING)
            | Q(driver=feed.driver, status=RideStatus.CANCELLED)
        )
        .select_related("service", "outward")
        .order_by("starts_at", "pk")
    )
