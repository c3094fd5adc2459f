"""Samples for neighbourly help's routes: a service with a helper, a request, a ride."""

from __future__ import annotations

from . import Samples


def _ride_samples() -> Samples:
    """The ride service: a service with a vehicle and a driver, an open and an assigned
    ride, a series, the driver's calendar feed, a resident to book for."""
    from datetime import timedelta

    from modules.volunteer.models_rides import Frequency
    from modules.volunteer.services.driver_feeds import renew_driver_feed
    from modules.volunteer.services.rides import assign_ride
    from modules.volunteer.services.series import book_series
    from tests.factories import UserFactory
    from tests.factories.volunteer import HelperFactory, RideServiceFactory, VehicleFactory
    from tests.modules.volunteer.rides_setup import at, book, trip, weekday_after

    coordinator = UserFactory(email="harness-rides-coordinator@example.org")
    service = RideServiceFactory(
        slug="harness-mobil", title="Harness-Seniorenmobil", coordinator=coordinator
    )
    vehicle = VehicleFactory(service=service, name="Harness-Bus")
    driver = HelperFactory(
        service=service, user=UserFactory(email="harness-rides-driver@example.org")
    ).user
    rider = UserFactory(email="harness-rides-rider@example.org")
    day = weekday_after(1)
    open_ride = book(service, rider, at(day, 9), return_at=at(day, 11))
    taken = book(service, rider, at(day, 14))
    assign_ride(ride=taken, driver=driver, vehicle=vehicle, by=coordinator)
    series = book_series(
        service=service,
        resident=rider,
        frequency=Frequency.WEEKLY,
        weekday=3,
        pickup_time=at(day, 10).timetz().replace(tzinfo=None),
        first_day=day,
        last_day=day + timedelta(days=14),
        **trip(),
    ).series
    feed = renew_driver_feed(service=service, driver=driver)
    slug = {"slug": service.slug}
    on_open = {"public_id": open_ride.public_id}
    on_taken = {"public_id": taken.public_id}
    return {
        "volunteer:ride_book": slug,
        "volunteer:ride_book_for": {"slug": service.slug, "person": rider.public_id},
        "volunteer:series_book": slug,
        "volunteer:vehicles": slug,
        "volunteer:ride_settings": slug,
        "volunteer:dispatch": slug,
        "volunteer:open_rides": slug,
        "volunteer:run_sheet": slug,
        "volunteer:run_sheet_pdf": slug,
        "volunteer:driver_calendar": slug,
        "volunteer:driver_feed": {"token": feed.token},
        "volunteer:ride": on_open,
        "volunteer:ride_confirmation": on_open,
        "volunteer:ride_cancel": on_open,
        "volunteer:ride_assign": on_open,
        "volunteer:ride_take": on_open,
        "volunteer:ride_unassign": on_taken,
        "volunteer:ride_done": on_taken,
        "volunteer:series_cancel": {"public_id": series.public_id},
        "volunteer-ride-detail": on_open,
        "volunteer-ride-cancel": on_open,
        "volunteer-ride-assign": on_open,
    }


def make_samples() -> Samples:
    return {**_ride_samples()}
