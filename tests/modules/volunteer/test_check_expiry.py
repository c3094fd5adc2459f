"""Expiry of checks with frozen time: one reminder before a required check ends, one log
entry (and mail) the day after; the helper is not assignable from that day on, and a newer
check makes them assignable again."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from modules.volunteer.models import (
    CheckKind,
    Helper,
    HelperStatus,
    Service,
    VettingAction,
    VettingEvent,
    VolunteerSettings,
)
from modules.volunteer.selectors_helpers import assignable_helpers, assignment_problem
from modules.volunteer.services.checks import record_check
from modules.volunteer.tasks import check_expiry
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory, add_check

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
CERT = CheckKind.CONDUCT_CERTIFICATE
END = date(2026, 6, 30)  # the certificate is valid until this day


def at(day: date, hour: int = 6) -> datetime:
    return datetime.combine(day, time(hour, 20), tzinfo=BERLIN)


@pytest.fixture
def coordinator(in_town_a: object) -> User:
    return UserFactory(email="expiry-coordinator@example.org")


@pytest.fixture
def service(coordinator: User) -> Service:
    return ServiceFactory(coordinator=coordinator, required_checks=[CERT])


@pytest.fixture
def helper(service: Service) -> Helper:
    helper = HelperFactory(
        service=service, user=UserFactory(email="expiry-helper@example.org"), checks=False
    )
    add_check(helper, CERT, seen_on=date(2021, 7, 1), valid_until=END)
    return helper


def run(capture: Any) -> int:
    with capture(execute=True):
        result: int = check_expiry.apply().get()
    return result


def mails_to(mailoutbox: list[Any], person: User) -> list[Any]:
    return [m for m in mailoutbox if person.email in m.to]


def test_reminded_once_within_the_warning_days(
    helper: Helper,
    coordinator: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # 31 days before the end: nothing yet (the default warning is 30 days)
    with time_machine.travel(at(END - timedelta(days=31)), tick=False):
        assert run(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []
    # 30 days before: one reminder to each, however often the task runs
    with time_machine.travel(at(END - timedelta(days=30)), tick=False):
        assert run(django_capture_on_commit_callbacks) == 1
        assert run(django_capture_on_commit_callbacks) == 0
    [to_helper] = mails_to(mailoutbox, helper.user)
    [to_coordinator] = mails_to(mailoutbox, coordinator)
    assert "30.06.2026" in to_helper.subject
    assert helper.user.full_name in to_coordinator.body
    assert helper.checks.get().reminded_at is not None
    # the reminder is no decision: the log is empty still
    assert not VettingEvent.objects.filter(helper=helper).exists()


def test_the_warning_days_are_the_towns(
    helper: Helper, django_capture_on_commit_callbacks: Any
) -> None:
    VolunteerSettings.objects.create(check_warning_days=60)
    with time_machine.travel(at(END - timedelta(days=45)), tick=False):
        assert run(django_capture_on_commit_callbacks) == 1


def test_expired_is_logged_once_and_both_are_told(
    helper: Helper,
    coordinator: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # on the last day it is still valid: not logged
    with time_machine.travel(at(END), tick=False):
        run(django_capture_on_commit_callbacks)
    assert not VettingEvent.objects.filter(action=VettingAction.CHECK_EXPIRED).exists()
    mailoutbox.clear()
    # the day after: one log entry, one mail each, also when the task runs again
    with time_machine.travel(at(END + timedelta(days=1)), tick=False):
        assert run(django_capture_on_commit_callbacks) == 1
        assert run(django_capture_on_commit_callbacks) == 0
    [event] = VettingEvent.objects.filter(helper=helper)
    assert (event.action, event.check_kind, event.by) == (VettingAction.CHECK_EXPIRED, CERT, None)
    assert "30.06.2026" in event.reason
    assert len(mails_to(mailoutbox, helper.user)) == 1
    assert len(mails_to(mailoutbox, coordinator)) == 1
    # status stays "vetted": assignments stop because validity is computed on the day
    helper.refresh_from_db()
    assert helper.status == HelperStatus.VETTED


def test_a_run_missed_over_the_weekend_still_logs_the_expiry(
    helper: Helper, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(at(END + timedelta(days=3)), tick=False):
        assert run(django_capture_on_commit_callbacks) == 1


def test_a_newer_check_supersedes_the_old_one(
    helper: Helper, coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given a new certificate recorded before the old one ends
    with time_machine.travel(at(END - timedelta(days=40)), tick=False):
        record_check(
            helper=helper,
            by=coordinator,
            kind=CERT,
            seen_on=END - timedelta(days=40),
            valid_until=END + timedelta(days=5 * 365),
        )
    # then neither a reminder nor an expiry of the old one
    with time_machine.travel(at(END - timedelta(days=20)), tick=False):
        assert run(django_capture_on_commit_callbacks) == 0
    with time_machine.travel(at(END + timedelta(days=1)), tick=False):
        assert run(django_capture_on_commit_callbacks) == 0


def test_a_check_the_service_does_not_require_is_not_reminded(
    service: Service, django_capture_on_commit_callbacks: Any
) -> None:
    helper = HelperFactory(service=service)
    add_check(helper, CheckKind.FIRST_AID, seen_on=date(2024, 1, 1), valid_until=END)
    with time_machine.travel(at(END - timedelta(days=10)), tick=False):
        assert run(django_capture_on_commit_callbacks) == 0


def test_expired_is_not_assignable_the_day_after_and_a_newer_check_restores(
    helper: Helper, service: Service, coordinator: User
) -> None:
    # on the last valid day the helper may be given work
    assert list(assignable_helpers(service, day=END)) == [helper]
    assert assignment_problem(service, helper.user, day=END) is None
    # the day after, not any more, and the reason names the check
    after = END + timedelta(days=1)
    assert list(assignable_helpers(service, day=after)) == []
    problem = assignment_problem(service, helper.user, day=after)
    assert problem is not None and "certificate of good conduct" in problem
    # a newer check, seen that day, restores them
    with time_machine.travel(at(after, 10), tick=False):
        record_check(
            helper=helper,
            by=coordinator,
            kind=CERT,
            seen_on=after,
            valid_until=after + timedelta(days=5 * 365),
        )
    assert list(assignable_helpers(service, day=after)) == [helper]
    assert assignment_problem(service, helper.user, day=after) is None
