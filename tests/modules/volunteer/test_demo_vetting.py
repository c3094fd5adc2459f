"""The vetting demo: the babysitter service with four babysitters, loaded twice."""

from __future__ import annotations

import pytest
from django.utils import timezone

from modules.volunteer.demo_vetting import SERVICE_SLUG, load_vetting
from modules.volunteer.models import Helper, HelperStatus, Service, VettingAction, VettingEvent
from modules.volunteer.selectors_helpers import assignable_helpers
from portal.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_the_demo_has_four_babysitters_one_with_an_expired_certificate(in_town_a: object) -> None:
    # when the demo is loaded twice
    load_vetting(town=in_town_a)
    load_vetting(town=in_town_a)
    # then the service has its four babysitters once
    service = Service.objects.get(slug=SERVICE_SLUG)
    assert service.organisation.slug == "elterninitiative-kinderzeit"
    assert service.required_checks == ["conduct_certificate"] and service.needs_approval
    statuses = sorted(Helper.objects.filter(service=service).values_list("status", flat=True))
    assert statuses == ["applied", "vetted", "vetted", "vetted"]
    # two may be given work today; the third's certificate expired and is logged once
    today = timezone.localdate()
    assert assignable_helpers(service, day=today).count() == 2
    [expired] = VettingEvent.objects.filter(action=VettingAction.CHECK_EXPIRED)
    assert expired.helper.user.email == "karin.schaefer@example.org"
    assert expired.helper.status == HelperStatus.VETTED
    # every vetted one has a log of their check and their vetting, and the role
    for helper in Helper.objects.filter(service=service, status=HelperStatus.VETTED):
        actions = set(helper.vetting_log.values_list("action", flat=True))
        assert {VettingAction.CHECK_RECORDED, VettingAction.VETTED} <= actions
        assert Role.HELPER in helper.user.roles
        assert helper.user.email.endswith("@example.org")
