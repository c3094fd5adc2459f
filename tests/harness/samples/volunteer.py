"""Samples for neighbourly help's routes: a service with a helper, a request, a ride; each
part of the module makes its own (vetting, help, rides)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from modules.volunteer.models import CheckKind, HelperStatus, HelpRequest, Ride, Routing
from portal.accounts.models import Role
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.volunteer import (
    HelperFactory,
    RideServiceFactory,
    ServiceFactory,
    add_check,
)

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
    return {**_vetting_samples(), **_help_samples(), **_ride_samples()}


def _vetting_samples() -> Samples:
    today = timezone.localdate()
    cert = CheckKind.CONDUCT_CERTIFICATE
    service = ServiceFactory(
        slug="harness-babysitter",
        title="Harness-Babysitter",
        coordinator=UserFactory(email="harness-volunteer-coordinator@example.org"),
        required_checks=[cert],
    )
    waiting = HelperFactory(
        service=service,
        user=UserFactory(email="harness-volunteer-waiting@example.org"),
        status=HelperStatus.APPLIED,
        decided_at=None,
        checks=False,
    )
    expiring = HelperFactory(
        service=service,
        user=UserFactory(email="harness-volunteer-expiring@example.org"),
        checks=False,
    )
    add_check(
        expiring, cert, seen_on=today - timedelta(days=300), valid_until=today + timedelta(days=5)
    )
    expired = HelperFactory(
        service=service,
        user=UserFactory(email="harness-volunteer-expired@example.org"),
        checks=False,
    )
    add_check(
        expired, cert, seen_on=today - timedelta(days=900), valid_until=today - timedelta(days=1)
    )
    on_service = {"slug": service.slug}
    on_helper = {"slug": service.slug, "person": waiting.user.public_id}
    return {
        # vetting
        "volunteer:join": on_service,
        "volunteer:leave": on_service,
        "volunteer:helpers": on_service,
        "volunteer:helper": on_helper,
        "volunteer:helper_vet": on_helper,
        "volunteer:helper_refuse": on_helper,
        "volunteer:helper_suspend": {"slug": service.slug, "person": expiring.user.public_id},
        "volunteer:helper_reinstate": on_helper,
        "volunteer:helper_check": on_helper,
        "volunteer-helper-list": on_service,
    }


def _help_samples() -> Samples:
    # help: a pool service with a vetted helper and one open request; a ride for its thread
    representative = UserFactory(
        email="harness-volunteer-rep@example.org", roles=[Role.ORGANISATION]
    )
    organisation = OrganisationFactory(name="Harness-Nachbarschaft", slug="harness-nachbarschaft")
    RepresentativeFactory(organisation=organisation, user=representative)
    service = ServiceFactory(
        organisation=organisation,
        slug="harness-einkaufshilfe",
        coordinator=representative,
        routing=Routing.POOL,
    )
    HelperFactory(service=service, user=UserFactory(email="harness-volunteer-helper@example.org"))
    resident = UserFactory(email="harness-volunteer-resident@example.org")
    request = HelpRequest.objects.create(
        service=service,
        resident=resident,
        needed_on=timezone.localdate() + timedelta(days=3),
        details="Harness-Einkauf",
        address="Harnessweg 1",
    )
    rides = RideServiceFactory(organisation=organisation, slug="harness-fahrdienst")
    start = timezone.now() + timedelta(days=2)
    ride = Ride.objects.create(
        service=rides,
        resident=resident,
        pickup_address="Harnessweg 1",
        destination_address="Arztpraxis",
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        busy_until=start + timedelta(minutes=60),
    )
    on_service = {"slug": service.slug}
    on_request = {"public_id": request.public_id}
    return {
        "volunteer:service_create": {"organisation": organisation.slug},
        "volunteer:service": on_service,
        "volunteer:service_edit": on_service,
        "volunteer:service_hide": on_service,
        "volunteer:service_restore": on_service,
        "volunteer:request_new": on_service,
        "volunteer:request_for": {"slug": service.slug, "person": resident.public_id},
        "volunteer:coordination": on_service,
        "volunteer:behalf_services": {"person": resident.public_id},
        "volunteer:figures": on_service,
        "volunteer:figures_csv": on_service,
        "volunteer:request": on_request,
        "volunteer:request_confirmation": on_request,
        "volunteer:request_approve": on_request,
        "volunteer:request_refuse": on_request,
        "volunteer:request_assign": on_request,
        "volunteer:request_accept": on_request,
        "volunteer:request_done": on_request,
        "volunteer:request_cancel": on_request,
        "volunteer:request_message": on_request,
        "volunteer:ride_message": {"public_id": ride.public_id},
        # the API
        "volunteer-service-detail": on_service,
        "volunteer-request-detail": on_request,
        "volunteer-request-accept": on_request,
        "volunteer-request-done": on_request,
        "volunteer-request-cancel": on_request,
    }
