"""Work goes back when a helper may no longer be given it: suspended, left, a required check
ended, the account erased. Their requests still to come are open again, the resident and
the coordinator are told and the pool hears anew; a request whose day has passed stays."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from modules.volunteer.models import Helper, HelpRequest, RequestStatus, Service
from modules.volunteer.personal_data import erase_volunteer
from modules.volunteer.services import helpers as vetting
from modules.volunteer.services import requests as steps
from modules.volunteer.services.checks import record_expired_checks
from modules.volunteer.services.requests import send_request
from portal.accounts.models import AuditEntry, User
from portal.letters.periods import town_today
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory, add_check

from .conftest import fields

S = RequestStatus
pytestmark = pytest.mark.django_db


def _taken(service: Service, resident: User, helper: User, *, days: int = 3) -> HelpRequest:
    request = send_request(service=service, by=resident, fields=fields())
    taken = steps.accept_request(help_request=request, helper=helper)
    if days != 3:  # a day that has passed: the form does not take it, the past does
        HelpRequest.objects.filter(pk=taken.pk).update(
            needed_on=town_today() + timedelta(days=days)
        )
    return taken


def _to(mailoutbox: list[Any], person: User) -> list[Any]:
    return [m for m in mailoutbox if person.email in m.to]


def test_a_suspended_helpers_requests_to_come_are_open_again_and_people_are_told(
    service: Service,
    resident: User,
    helper: User,
    representative: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    other = UserFactory(email="other-helper@example.org")
    HelperFactory(service=service, user=other)
    coming = _taken(service, resident, helper)
    passed = _taken(service, resident, helper, days=-2)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        vetting.suspend_helper(
            helper=Helper.objects.get(user=helper), by=representative, reason="Beschwerde"
        )
    coming.refresh_from_db()
    passed.refresh_from_db()
    assert coming.status == S.OPEN and coming.helper is None
    assert passed.status == S.ASSIGNED and passed.helper == helper
    assert any("needs a new helper" in m.subject for m in _to(mailoutbox, resident))
    assert "can no longer come" in _to(mailoutbox, resident)[-1].body
    assert any("someone asks" in m.body for m in _to(mailoutbox, other))  # the pool anew
    assert AuditEntry.objects.filter(action="volunteer_request_unassigned").count() == 1


def test_a_helper_who_leaves_hands_back_and_the_coordinator_hears(
    service: Service,
    resident: User,
    helper: User,
    representative: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    coming = _taken(service, resident, helper)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        vetting.leave_service(helper=Helper.objects.get(user=helper), by=helper)
    coming.refresh_from_db()
    assert coming.status == S.OPEN and coming.helper is None
    assert any("open again" in m.body for m in _to(mailoutbox, representative))
    assert _to(mailoutbox, resident)


def test_when_a_required_check_ends_the_helper_hands_back(
    resident: User, representative: User, organisation: Any
) -> None:
    service = ServiceFactory(
        organisation=organisation,
        coordinator=representative,
        routing="pool",
        required_checks=["conduct_certificate"],
    )
    person = UserFactory(email="checked-helper@example.org")
    record = HelperFactory(service=service, user=person)
    coming = _taken(service, resident, person)
    record.checks.all().delete()
    add_check(
        record,
        "conduct_certificate",
        seen_on=town_today() - timedelta(days=400),
        valid_until=town_today() - timedelta(days=1),
    )
    assert record_expired_checks() == 1
    coming.refresh_from_db()
    assert coming.status == S.OPEN and coming.helper is None


def test_only_the_helper_or_the_coordinator_takes_a_helper_off(
    service: Service, resident: User, helper: User, outsider: User
) -> None:
    coming = _taken(service, resident, helper)
    with pytest.raises(PermissionDenied):
        steps.unassign_request(help_request=coming, by=outsider)
    with pytest.raises(PermissionDenied):
        steps.unassign_request(help_request=coming, by=resident)
    assert steps.unassign_request(help_request=coming, by=helper).status == S.OPEN


def test_an_erased_helpers_work_to_come_goes_back_and_the_resident_is_told(
    service: Service,
    resident: User,
    helper: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    coming = _taken(service, resident, helper)
    passed = _taken(service, resident, helper, days=-2)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        erase_volunteer(helper)
    coming.refresh_from_db()
    passed.refresh_from_db()
    assert coming.status == S.OPEN and coming.helper is None
    assert passed.status == S.ASSIGNED
    assert any("can no longer come" in m.body for m in _to(mailoutbox, resident))
