"""Helpers of the ride tests (also used by the harness samples and the browser test):
times that fit the driving hours of `RideServiceFactory` (Monday to Friday, 8:00 to
18:00, town time), a trip, a booking, a driver. The fixtures are in `rides/conftest.py`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from modules.volunteer.models import Service
from modules.volunteer.models_rides import Ride
from modules.volunteer.services.rides import book_ride
from portal.accounts.models import User
from portal.letters.periods import town_today, town_zone
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory


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
