"""Expiry and renewal reminders with frozen time; the daily task is idempotent."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from modules.exchange import services
from modules.exchange.models import ExchangeSettings, Listing
from modules.exchange.selectors import open_listings
from modules.exchange.tasks import process_listing_expiry

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def run_task(capture):
    with capture(execute=True):
        return process_listing_expiry.apply(headers={}).get()


def test_reminder_once_then_expiry_then_renewal(people, django_capture_on_commit_callbacks):
    ExchangeSettings.objects.create(listing_days=30, reminder_days=5)
    with time_machine.travel(START, tick=False):
        listing = services.create_listing(
            owner=people["owner"], kind="give", listing_type="item", title="Sofa <b>"
        )
    # 24 days later: nothing yet
    with time_machine.travel(START + timedelta(days=24), tick=False):
        assert run_task(django_capture_on_commit_callbacks) == {"reminded": 0, "expired": 0}
    assert mail.outbox == []
    # 26 days later: one reminder, and only one however often the task runs
    with time_machine.travel(START + timedelta(days=26), tick=False):
        assert run_task(django_capture_on_commit_callbacks)["reminded"] == 1
        assert run_task(django_capture_on_commit_callbacks)["reminded"] == 0
    [sent] = mail.outbox
    assert sent.to == [people["owner"].email]
    assert f"/exchange/listings/{listing.public_id}/" in sent.body
    assert "Sofa &lt;b&gt;" in sent.alternatives[0][0]
    # 31 days later: expired and gone from the list
    with time_machine.travel(START + timedelta(days=31), tick=False):
        assert run_task(django_capture_on_commit_callbacks)["expired"] == 1
        listing.refresh_from_db()
        assert listing.status == Listing.Status.EXPIRED
        assert listing not in open_listings()
        # the owner renews: a new full period and a new reminder later
        services.renew_listing(listing=listing, by=people["owner"])
        listing.refresh_from_db()
        assert listing.status == Listing.Status.ACTIVE and listing.reminder_sent_at is None
        assert listing.expires_at == START + timedelta(days=61)
        assert listing in open_listings()
    with time_machine.travel(START + timedelta(days=57), tick=False):
        assert run_task(django_capture_on_commit_callbacks)["reminded"] == 1
    assert len(mail.outbox) == 2


def test_expired_listing_hidden_even_before_the_task_runs(people):
    with time_machine.travel(START, tick=False):
        listing = services.create_listing(
            owner=people["owner"], kind="give", listing_type="item", title="Tisch"
        )
    with time_machine.travel(START + timedelta(days=61), tick=False):
        assert listing not in open_listings()


def test_taken_and_blocked_owners_get_no_reminder(people, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        taken = services.create_listing(
            owner=people["owner"], kind="give", listing_type="item", title="Stuhl"
        )
        services.mark_listing_taken(listing=taken, by=people["owner"])
    with time_machine.travel(START + timedelta(days=58), tick=False):
        assert run_task(django_capture_on_commit_callbacks)["reminded"] == 0
    assert mail.outbox == []


def test_task_refuses_to_run_without_a_town(in_public):
    from portal.background import TaskWithoutTown

    with pytest.raises(TaskWithoutTown):
        process_listing_expiry.apply().get()
