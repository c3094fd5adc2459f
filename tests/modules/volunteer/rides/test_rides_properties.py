"""Property: whatever random bookings, assignments, hand-backs and cancellations happen, no
driver and no vehicle is ever in two rides at once (from pick-up until the planned arrival
plus the buffer), checked against the rows in the database. Bounded here; the long run is
`ops/fuzz/rides.py` (LQ_RIDES_FUZZ_EXAMPLES)."""

from __future__ import annotations

import os
from datetime import timedelta
from itertools import combinations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modules.volunteer.models import Service
from modules.volunteer.models_rides import BLOCKING, Ride, RideStatus
from modules.volunteer.services.rides import (
    assign_ride,
    cancel_ride,
    take_ride,
    unassign_ride,
)
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.modules.volunteer.rides_setup import at, book, make_driver, weekday_after

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("LQ_RIDES_FUZZ_EXAMPLES", "6"))

# Quarter hours from 8:00 to 17:00 on one day: plenty of overlaps with 45 + 15 minutes.
slot = st.integers(min_value=0, max_value=36)
step = st.one_of(
    st.tuples(st.just("book"), slot, st.integers(1, 4), st.booleans()),
    st.tuples(st.just("assign"), st.integers(0, 30), st.integers(0, 2), st.integers(0, 1)),
    st.tuples(st.just("take"), st.integers(0, 30), st.integers(0, 2), st.integers(0, 1)),
    st.tuples(st.just("unassign"), st.integers(0, 30), st.just(0), st.just(0)),
    st.tuples(st.just("cancel"), st.integers(0, 30), st.just(0), st.just(0)),
)


def _overlapping_pairs() -> list[tuple[int, int]]:
    rows = list(
        Ride.objects.filter(status__in=BLOCKING).values(
            "pk", "driver_id", "vehicle_id", "starts_at", "busy_until"
        )
    )
    clashes = []
    for a, b in combinations(rows, 2):
        meet = a["starts_at"] < b["busy_until"] and b["starts_at"] < a["busy_until"]
        if meet and (a["driver_id"] == b["driver_id"] or a["vehicle_id"] == b["vehicle_id"]):
            clashes.append((a["pk"], b["pk"]))
    return clashes


def test_no_driver_or_vehicle_is_ever_in_two_rides(
    ride_service: Service, coordinator: User
) -> None:
    from tests.factories.volunteer import VehicleFactory

    vehicles = [
        VehicleFactory(service=ride_service, name="Groß", seats=4, wheelchair_places=1),
        VehicleFactory(service=ride_service, name="Klein", seats=3, wheelchair_places=0),
    ]
    drivers = [make_driver(ride_service, f"fuzz-driver-{n}@example.org") for n in range(3)]
    rider = UserFactory(email="fuzz-rider@example.org")
    day = weekday_after(1)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=os.environ.get("LQ_RIDES_FUZZ_SHRINK") != "1",
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.lists(step, min_size=1, max_size=15))
    def run(steps: list[tuple[str, int, int, int]]) -> None:
        with transaction.atomic():
            rides: list[Ride] = []
            for action, a, b, c in steps:
                try:
                    if action == "book":
                        start = at(day, 8) + timedelta(minutes=15 * a)
                        rides.append(book(ride_service, rider, start, passengers=b, wheelchair=c))
                    elif not rides:
                        continue
                    elif action == "assign":
                        ride = rides[a % len(rides)]
                        assign_ride(
                            ride=ride, driver=drivers[b], vehicle=vehicles[c], by=coordinator
                        )
                    elif action == "take":
                        ride = rides[a % len(rides)]
                        take_ride(ride=ride, driver=drivers[b], vehicle=vehicles[c])
                    elif action == "unassign":
                        unassign_ride(ride=rides[a % len(rides)], by=coordinator)
                    elif action == "cancel":
                        cancel_ride(ride=rides[a % len(rides)], by=rider)
                except ValidationError:
                    pass  # a refusal with a message; the property is about what got written
                assert _overlapping_pairs() == []
            for ride in Ride.objects.filter(status=RideStatus.ASSIGNED).select_related("vehicle"):
                assert ride.vehicle is not None
                assert ride.vehicle.seats >= ride.passengers + (1 if ride.companion else 0)
                assert not ride.wheelchair or ride.vehicle.wheelchair_places > 0
            transaction.set_rollback(True)

    run()
