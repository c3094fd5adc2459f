"""Ride-service benchmark: a day with 200 bookings and 30 drivers, each booked and assigned
as the pages do it (the booking's checks, then the dispatcher's assignment with its row
lock, conflict check and the exclusion constraints); and a driver's run sheet with 20 rides
(page and PDF): milliseconds and the number of queries.

    ./lq bench ops/bench/rides.py [--rides 200] [--drivers 30] [--sheet 20]

Creates its own database (lq_bench_<pid>, dropped at the end) and one town with the
volunteer module; the test factories make the service, vehicles and vetted drivers inside
it. Mails are recorded instead of sent (`send_town_email.apply_async` patched).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, setup_django

TOWN = "fahrstadt"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def trip(n: int) -> dict[str, Any]:
    return {
        "pickup_address": f"Hauptstraße {n}",
        "pickup_district": "",
        "destination_address": f"Arztpraxis {n % 7}",
        "destination_district": "",
        "passengers": 1 + n % 2,
        "wheelchair": n % 10 == 0,
        "companion": False,
        "note": "",
        "phone": "07033 1234",
    }


def next_tuesday() -> Any:
    from portal.letters.periods import town_today

    start = town_today() + timedelta(days=7)
    return start + timedelta(days=(1 - start.weekday()) % 7)


def book_and_assign(args: argparse.Namespace) -> None:
    from modules.volunteer.services.rides import assign_ride, book_ride
    from portal.letters.periods import town_zone
    from tests.factories import UserFactory
    from tests.factories.volunteer import HelperFactory, RideServiceFactory, VehicleFactory

    coordinator = UserFactory(email="koordination@fahrstadt.example")
    service = RideServiceFactory(slug="bench-mobil", coordinator=coordinator)
    vehicles = [
        VehicleFactory(service=service, name=f"Bus {n}", seats=4, wheelchair_places=n % 3 == 0)
        for n in range(args.drivers)
    ]
    drivers = [
        HelperFactory(service=service, user=UserFactory(email=f"fahrer{n}@fahrstadt.example")).user
        for n in range(args.drivers)
    ]
    rider = UserFactory(email="fahrgast@fahrstadt.example")
    day = next_tuesday()
    zone = town_zone()
    first = datetime.combine(day, datetime.min.time().replace(hour=8), tzinfo=zone)
    span = 9 * 60 + 15  # 8:00 to 17:15: the last ride ends by 18:00
    busy_driver = dict.fromkeys(range(len(drivers)), first)
    busy_vehicle = dict.fromkeys(range(len(vehicles)), first)
    timings: list[float] = []
    unassigned = 0
    for n in range(args.rides):
        starts = first + timedelta(minutes=n * span // args.rides)
        needs_chair = trip(n)["wheelchair"]
        started = time.perf_counter()
        ride = book_ride(service=service, resident=rider, starts_at=starts, **trip(n))
        # the dispatcher's choice: the first driver and a fitting vehicle free then
        d = next((k for k, until in busy_driver.items() if until <= starts), None)
        v = next(
            (
                k
                for k, until in busy_vehicle.items()
                if until <= starts and (not needs_chair or vehicles[k].wheelchair_places)
            ),
            None,
        )
        if d is not None and v is not None:
            assign_ride(ride=ride, driver=drivers[d], vehicle=vehicles[v], by=coordinator)
            busy_driver[d] = busy_vehicle[v] = ride.busy_until
        else:
            unassigned += 1
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"booking + conflict check + assignment ({args.rides} rides, {args.drivers} drivers, "
        f"one day): median {statistics.median(timings):.1f} ms, p95 {p95(timings):.1f} ms "
        f"({unassigned} left open: nobody free)",
        flush=True,
    )


def run_sheet(args: argparse.Namespace, host: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from modules.volunteer.models import Service
    from modules.volunteer.services.rides import assign_ride, book_ride
    from portal.letters.periods import town_zone
    from tests.factories import UserFactory
    from tests.factories.volunteer import HelperFactory, RideServiceFactory, VehicleFactory

    coordinator = UserFactory(email="kurz@fahrstadt.example")
    # Short rides (20 + 5 minutes), 7:00 to 19:00, so one driver has 20 on a day.
    service = RideServiceFactory(slug="bench-kurz", coordinator=coordinator)
    Service.objects.filter(pk=service.pk).update(
        ride_minutes=20,
        buffer_minutes=5,
        operating_hours=[{"weekday": d, "start": "07:00", "end": "19:00"} for d in range(5)],
    )
    service.refresh_from_db()
    vehicle = VehicleFactory(service=service, name="Kurzbus", seats=4, wheelchair_places=1)
    driver = HelperFactory(service=service, user=UserFactory(email="viel@fahrstadt.example")).user
    rider = UserFactory(email="kurzgast@fahrstadt.example")
    day = next_tuesday()
    first = datetime.combine(day, datetime.min.time().replace(hour=7), tzinfo=town_zone())
    for n in range(args.sheet):
        ride = book_ride(
            service=service, resident=rider, starts_at=first + timedelta(minutes=30 * n), **trip(n)
        )
        assign_ride(ride=ride, driver=driver, vehicle=vehicle, by=coordinator)
    client = Client(HTTP_HOST=host)
    client.force_login(driver)
    for label, path in [
        ("run sheet page", f"/volunteer/rides/bench-kurz/run-sheet/?day={day}"),
        ("run sheet PDF ", f"/volunteer/rides/bench-kurz/run-sheet.pdf?day={day}"),
    ]:
        client.get(path)  # warm (templates, fonts)
        timings = []
        queries = 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            queries = len(captured.captured_queries)
        print(
            f"{label} ({args.sheet} rides): median {statistics.median(timings):.1f} ms, "
            f"p95 {p95(timings):.1f} ms, {queries} queries",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rides", type=int, default=200)
    parser.add_argument("--drivers", type=int, default=30)
    parser.add_argument("--sheet", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with bench_database():
        setup_django()
        from django.conf import settings
        from django.core.management import call_command
        from django_tenants.utils import tenant_context

        from portal.mail import send_town_email
        from portal.operators.services import provision_town
        from tenants.addresses import town_host
        from tenants.services import ensure_public_and_template

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_and_template()
        town = provision_town(
            slug=TOWN,
            name="Fahrstadt",
            admin_email="admin@fahrstadt.example",
            enabled_modules=["directory", "volunteer"],
        )
        with tenant_context(town), mock.patch.object(send_town_email, "apply_async"):
            book_and_assign(args)
            run_sheet(args, town_host(TOWN))
    return 0


if __name__ == "__main__":
    sys.exit(main())
