"""Demo part: the Stadtseniorenrat's Seniorenmobil — two vehicles, six drivers with their
licence checks, the coming week's bookings (some assigned, some open, some with a way back,
one wheelchair ride) and two repeating rides to the doctor. Loaded once: it finds the
organisation and the service by slug and stops if the service exists."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from modules.directory.models import Kind, Organisation, Representative
from modules.directory.search import refresh_search_index
from portal.accounts.models import Role, User
from portal.letters.periods import town_today

from .models import Check, CheckKind, Helper, HelperStatus, Service, ServiceKind
from .models_rides import Frequency, Ride, RideSeries, RideStatus, Vehicle
from .ride_hours import at_wall_clock
from .services.rides import Trip, new_ride, return_trip
from .services.series import series_dates

DOMAIN = "seniorenmobil.example"
COORDINATOR = ("Helga Brenner", "helga.brenner")
DRIVERS = [
    ("Karl-Heinz Bauer", "karl-heinz.bauer"),
    ("Monika Schäfer", "monika.schaefer"),
    ("Werner Fischer", "werner.fischer"),
    ("Ingrid Wagner", "ingrid.wagner"),
    ("Dieter Hoffmann", "dieter.hoffmann"),
    ("Renate Keller", "renate.keller"),
]
RIDERS = [
    ("Gertrud Maier", "gertrud.maier", "Schillerstraße 12", "07033 41 22"),
    ("Erwin Schmid", "erwin.schmid", "Kapuzinerstraße 3", "07033 38 10"),
    ("Elfriede Weber", "elfriede.weber", "Badtorstraße 7", "07033 52 91"),
    ("Hans Zimmermann", "hans.zimmermann", "Stuttgarter Straße 40", "07033 61 05"),
]
PLACES = [
    "Hausarztpraxis Dr. Roth, Marktplatz 4",
    "Kreiskrankenhaus Leonberg, Rutesheimer Straße 50",
    "Apotheke am Marktplatz",
    "Friedhof Weil der Stadt",
    "Seniorentreff im Klösterle",
]


def _person(full_name: str, local: str) -> User:
    email = f"{local}@{DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name)
        user.roles = [Role.RESIDENT]
        user.email_verified_at = timezone.now()
        user.language = "de"
        user.save(update_fields=["roles", "email_verified_at", "language"])
    return user


def _trip(rider: tuple[str, str, str, str], place: str, **changes: Any) -> Trip:
    values: dict[str, Any] = {
        "pickup_address": rider[2],
        "pickup_district": "",
        "destination_address": place,
        "destination_district": "",
        "passengers": 1,
        "wheelchair": False,
        "companion": False,
        "note": "",
        "phone": rider[3],
    }
    values.update(changes)
    return Trip(**values)


def _next_weekdays(today: date, count: int) -> list[date]:
    days: list[date] = []
    day = today + timedelta(days=1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


@transaction.atomic
def load_rides(*, town: Any) -> None:
    if Service.objects.filter(slug="seniorenmobil").exists():
        return
    coordinator = _person(*COORDINATOR)
    organisation, created = Organisation.objects.get_or_create(
        slug="stadtseniorenrat",
        defaults={
            "name": "Stadtseniorenrat Weil der Stadt",
            "kind": Kind.CLUB,
            "description": "Wir vertreten die älteren Menschen der Stadt und fahren sie mit "
            "dem Seniorenmobil zum Arzt, zum Einkaufen und zu Besuchen.",
            "email": f"kontakt@{DOMAIN}",
            "phone": "07033 52 00",
            "address": town.name,
            "status": Organisation.Status.APPROVED,
            "approved_at": timezone.now(),
        },
    )
    Representative.objects.get_or_create(organisation=organisation, user=coordinator)
    if created:
        refresh_search_index(organisation)
    service = Service.objects.create(
        slug="seniorenmobil",
        organisation=organisation,
        kind=ServiceKind.RIDES,
        title="Seniorenmobil",
        description="Ehrenamtliche Fahrerinnen und Fahrer bringen Sie zum Arzt, zum "
        "Einkaufen, zum Friedhof oder zu Besuchen – und wieder nach Hause.",
        audience="Menschen ab 65 Jahren",
        when="Montag bis Freitag, 8 bis 18 Uhr",
        where="Weil der Stadt und Umgebung",
        contact="Telefon 07033 52 00 (Mo–Fr 9–12 Uhr)",
        coordinator=coordinator,
        required_checks=[CheckKind.DRIVING_LICENCE],
        min_age=65,
        operating_hours=[{"weekday": d, "start": "08:00", "end": "18:00"} for d in range(5)],
        ride_minutes=45,
        buffer_minutes=15,
        created_by=coordinator,
    )
    vehicles = [
        Vehicle.objects.create(
            service=service, name="Seniorenmobil 1 (VW Caddy)", seats=3, wheelchair_places=1
        ),
        Vehicle.objects.create(service=service, name="Seniorenmobil 2 (Opel Zafira)", seats=5),
    ]
    today = town_today()
    drivers = []
    for full_name, local in DRIVERS:
        user = _person(full_name, local)
        helper = Helper.objects.create(
            service=service,
            user=user,
            status=HelperStatus.VETTED,
            decided_at=timezone.now(),
            decided_by=coordinator,
        )
        Check.objects.create(
            helper=helper,
            kind=CheckKind.DRIVING_LICENCE,
            seen_on=today - timedelta(days=120),
            valid_until=today + timedelta(days=3 * 365),
            recorded_by=coordinator,
        )
        drivers.append(user)
    riders = [
        (_person(name, local), (name, local, street, phone))
        for name, local, street, phone in RIDERS
    ]
    _week(service, riders, drivers, vehicles, coordinator, today)
    _series(service, riders, today)


def _save(ride: Ride, *, driver: User | None, vehicle: Vehicle | None, by: User) -> Ride:
    if driver is not None and vehicle is not None:
        ride.status = RideStatus.ASSIGNED
        ride.driver = driver
        ride.vehicle = vehicle
        ride.assigned_at = timezone.now()
        ride.assigned_by = by
    ride.save()
    return ride


def _week(
    service: Service,
    riders: list[tuple[User, tuple[str, str, str, str]]],
    drivers: list[User],
    vehicles: list[Vehicle],
    coordinator: User,
    today: date,
) -> None:
    """Four rides on each of the next five weekdays: the morning ones with a driver, the
    afternoon ones still open; two with a way back, one in a wheelchair."""
    slots = [time(8, 30), time(10, 0), time(13, 30), time(15, 0)]
    number = 0
    for day_index, day in enumerate(_next_weekdays(today, 5)):
        for slot_index, clock in enumerate(slots):
            user, facts = riders[number % len(riders)]
            wheelchair = day_index == 1 and slot_index == 0
            trip = _trip(
                facts,
                PLACES[number % len(PLACES)],
                wheelchair=wheelchair,
                note="Rollstuhl, bitte Rampe mitnehmen" if wheelchair else "",
            )
            starts = at_wall_clock(day, clock)
            ride = new_ride(
                service=service, resident=user, entered_by=None, trip=trip, starts_at=starts
            )
            assigned = slot_index < 2
            _save(
                ride,
                driver=drivers[(number + day_index) % len(drivers)] if assigned else None,
                vehicle=vehicles[0 if wheelchair else slot_index % 2] if assigned else None,
                by=coordinator,
            )
            if slot_index == 0 and day_index in (0, 3):
                back = new_ride(
                    service=service,
                    resident=user,
                    entered_by=None,
                    trip=return_trip(trip),
                    starts_at=starts + timedelta(hours=3),
                )
                back.outward = ride
                _save(back, driver=None, vehicle=None, by=coordinator)
            number += 1


def _series(
    service: Service, riders: list[tuple[User, tuple[str, str, str, str]]], today: date
) -> None:
    """Two residents go to the doctor every Tuesday (one every second Thursday), for three
    months, with a way back."""
    plans = [
        (riders[0], 1, Frequency.WEEKLY, time(9, 0)),
        (riders[2], 3, Frequency.FORTNIGHTLY, time(11, 0)),
    ]
    for (user, facts), weekday, frequency, clock in plans:
        first = today + timedelta(days=8)
        last = today + timedelta(days=90)
        series = RideSeries.objects.create(
            service=service,
            resident=user,
            frequency=frequency,
            first_day=first,
            last_day=last,
            pickup_time=clock,
            return_time=time(clock.hour + 2),
        )
        trip = _trip(facts, PLACES[0], note="Jede Woche zum Arzt")
        for day in series_dates(
            first_day=first, last_day=last, weekday=weekday, frequency=frequency
        ):
            ride = new_ride(
                service=service,
                resident=user,
                entered_by=None,
                trip=trip,
                starts_at=at_wall_clock(day, clock),
            )
            ride.series = series
            ride.save()
            back = new_ride(
                service=service,
                resident=user,
                entered_by=None,
                trip=return_trip(trip),
                starts_at=at_wall_clock(day, time(clock.hour + 2)),
            )
            back.series = series
            back.outward = ride
            back.save()
        first_ride = series.rides.order_by("starts_at").first()
        if first_ride is not None:
            RideSeries.objects.filter(pk=series.pk).update(first_day=first_ride.starts_at.date())
