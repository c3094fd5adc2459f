"""Review reminders with frozen time: due, idempotent, repeated after the interval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_tenants.utils import tenant_context

from modules.directory import services, tasks
from modules.directory.models import Organisation
from portal.background import run_module_task_in_towns
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory

START = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def stale(in_town_a, owner, cafe):
    """The Repair-Café, last confirmed on START."""
    Organisation.objects.filter(pk=cafe.pk).update(last_reviewed_at=START)
    cafe.refresh_from_db()
    return cafe


def test_no_reminder_within_the_review_period(
    stale, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(START + timedelta(days=364), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.send_review_reminders() == 0
    assert mailoutbox == []


def test_reminder_after_the_period_once_per_interval(
    stale, owner, mailoutbox, django_capture_on_commit_callbacks
):
    # given a second representative
    RepresentativeFactory(organisation=stale, user=UserFactory(email="zweite@example.org"))
    due = START + timedelta(days=366)
    # when the reminder runs twice on the same day
    with time_machine.travel(due, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert services.send_review_reminders() == 1
        assert services.send_review_reminders() == 0
    # then each representative got exactly one e-mail with the profile link
    assert sorted(m.to[0] for m in mailoutbox) == ["owner@example.org", "zweite@example.org"]
    assert "/directory/o/repair-cafe/" in mailoutbox[0].body
    # and a reminder comes again only after the interval (30 days by default)
    with time_machine.travel(due + timedelta(days=29), tick=False):
        assert services.send_review_reminders() == 0
    with time_machine.travel(due + timedelta(days=31), tick=False):
        assert services.send_review_reminders() == 1


def test_confirming_stops_reminders_and_the_outdated_notice(stale, owner):
    due = START + timedelta(days=400)
    with time_machine.travel(due, tick=False):
        assert stale.may_be_outdated(365)
        services.confirm_organisation_current(organisation=stale, reviewed_by=owner)
        stale.refresh_from_db()
        assert not stale.may_be_outdated(365)
        assert services.send_review_reminders() == 0


def test_town_setting_decides_the_period(stale, town_admin):
    services.update_settings(
        changed_by=town_admin, review_period_days=90, reminder_interval_days=30
    )
    with time_machine.travel(START + timedelta(days=91), tick=False):
        assert services.send_review_reminders() == 1


def test_pending_organisations_are_not_reminded(in_town_a):
    org = OrganisationFactory(status=Organisation.Status.PENDING)
    Organisation.objects.filter(pk=org.pk).update(last_reviewed_at=START)
    with time_machine.travel(START + timedelta(days=800), tick=False):
        assert services.send_review_reminders() == 0


def test_fan_out_reaches_each_town_only_with_its_own_data(
    db, town_a, town_b, django_capture_on_commit_callbacks, mailoutbox
):
    # given a stale profile in town A and a fresh one in town B
    with tenant_context(town_a):
        org = OrganisationFactory(name="Alter Verein")
        RepresentativeFactory(organisation=org, user=UserFactory(email="a-rep@example.org"))
        Organisation.objects.filter(pk=org.pk).update(last_reviewed_at=START)
    with tenant_context(town_b):
        fresh = OrganisationFactory(name="Neuer Verein")
        RepresentativeFactory(organisation=fresh, user=UserFactory(email="b-rep@example.org"))
    # when beat starts the fan-out a year and a half later
    with (
        time_machine.travel(START + timedelta(days=500), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        with tenant_context(town_b):
            Organisation.objects.filter(pk=fresh.pk).update(
                last_reviewed_at=START + timedelta(days=499)
            )
        towns = run_module_task_in_towns.apply(
            args=[tasks.send_review_reminders_for_town.name, "directory"]
        ).get()
    # then every active town got its task, and only town A's representative was written to
    assert towns >= 2
    assert [m.to for m in mailoutbox] == [["a-rep@example.org"]]
    with tenant_context(town_a):
        org.refresh_from_db()
        assert org.review_reminder_sent_at is not None
