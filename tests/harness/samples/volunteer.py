"""Samples for neighbourly help's routes: a service with a helper, a request, a ride.

Vetting: a service with a required certificate, a volunteer waiting for vetting, a vetted
helper whose certificate ends within the warning days (due for its reminder) and one whose
certificate ended yesterday (due for its expiry entry), for the routes and the expiry task."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from modules.volunteer.models import CheckKind, HelperStatus
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory, add_check

from . import Samples


def make_samples() -> Samples:
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
