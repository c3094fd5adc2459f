"""People, a ride service with two vehicles and drivers, and times that fit its driving
hours (Monday to Friday, 8:00 to 18:00, town time), for the ride tests. Imported by the
test files (fixtures by name), so the volunteer tests share no conftest across parts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from modules.volunteer.models import Service
from modules.volunteer.models_rides import Ride, Vehicle
from modules.volunteer.services.rides import book_ride
from portal.accounts.models import User
from portal.letters.periods import town_today, town_zone
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory, RideServiceFactory, VehicleFactory


def weekday_after(weekday: int, *, weeks: int = 1) -> date:
    """The `weekday` (Monday 0) at least `weeks` weeks from today."""
    start = town_today() + timedelta(days=7 * weeks)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=town_zone())


def trip(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "pickup_address": "Marktplatz 1",
        "pickup_district": "",
        "destination_address": "Arztpraxis, Stuttgarter Str. 3",
        "destination_district": "",
        "passengers": 1,
        "wheelchair": False,
        "companion": False,
        "note": "",
        "phone": "07033 1234",
    }
    values.update(changes)
    return values


def book(service: Service, resident: User, starts_at: datetime, **changes: Any) -> Ride:
    return book_ride(service=service, resident=resident, starts_at=starts_at, **trip(**changes))


def make_driver(service: Service, email: str) -> User:
    return HelperFactory(service=service, user=UserFactory(email=email)).user


@pytest.fixture
def coordinator(in_town_a: object) -> User:
    return UserFactory(email="rides-coordinator@example.org", full_name="Clara Koordinatorin")


@pytest.fixture
def ride_service(coordinator: User) -> Service:
    return RideServiceFactory(coordinator=coordinator, slug="mobil", title="Seniorenmobil")


@pytest.fixture
def bus(ride_service: Service) -> Vehicle:
    return VehicleFactory(service=ride_service, name="Bus", seats=4, wheelchair_places=1)


@pytest.fixture
def car(ride_service: Service) -> Vehicle:
    return VehicleFactory(service=ride_service, name="Auto", seats=3, wheelchair_places=0)


@pytest.fixture
def driver(ride_service: Service) -> User:
    return make_driver(ride_service, "rides-driver@example.org")


@pytest.fixture
def other_driver(ride_service: Service) -> User:
    return make_driver(ride_service, "rides-driver2@example.org")


@pytest.fixture
def rider(in_town_a: object) -> User:
    return UserFactory(email="rides-rider@example.org", full_name="Rosa Fahrgast")


@pytest.fixture
def outsider(in_town_a: object) -> User:
    return UserFactory(email="rides-outsider@example.org")


@pytest.fixture(autouse=True)
def _english_messages():  # type: ignore[no-untyped-def]
    from django.utils import translation

    with translation.override("en"):
        yield
