"""The ride tests' people: a coordinator, a ride service (slug "mobil") with a bus and a
car, two vetted drivers, a rider and an outsider, all in town A; English messages."""

from __future__ import annotations

import pytest

from modules.volunteer.models import Service
from modules.volunteer.models_rides import Vehicle
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.factories.volunteer import RideServiceFactory, VehicleFactory
from tests.modules.volunteer.rides_setup import make_driver


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
