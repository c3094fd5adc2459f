"""Samples for neighbourly help's routes: a service with a helper, a request, a ride."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from modules.volunteer.models import HelpRequest, Ride, Routing
from portal.accounts.models import Role
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.volunteer import HelperFactory, RideServiceFactory, ServiceFactory

from . import Samples


def make_samples() -> Samples:
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
