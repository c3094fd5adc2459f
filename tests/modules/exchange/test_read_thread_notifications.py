"""Reading a conversation reads its messages' notifications: the daily summary leaves out
what the person has already read in the portal, and nobody else's notifications change."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from modules.exchange.models import Listing, Thread
from modules.exchange.services.messaging import mark_thread_read, send_message, thread_link
from portal.notifications import services as notifications
from portal.notifications import tasks
from portal.notifications.models import Notification
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory

pytestmark = pytest.mark.django_db


def _run_daily(capture: Any) -> int:
    with capture(execute=True):
        return int(tasks.plan_daily_digests.apply().get())


def test_reading_the_thread_keeps_its_message_out_of_the_daily_summary(
    in_town_a, django_capture_on_commit_callbacks
) -> None:
    # given an owner who reads messages about listings in a daily summary, and two messages
    owner = UserFactory(email="besitzerin@example.org")
    notifications.set_preferences(user=owner, choices={"exchange_messages": "daily"})
    sofa = ListingFactory(owner=owner, title="Sofa", kind=Listing.Kind.GIVE)
    lamp = ListingFactory(owner=owner, title="Lampe", kind=Listing.Kind.GIVE)
    neighbour = UserFactory()
    about_sofa = send_message(sender=neighbour, listing=sofa, body="Ist das Sofa noch da?")
    send_message(sender=neighbour, listing=lamp, body="Und die Lampe?")
    # when she opens the conversation about the sofa in the portal
    mark_thread_read(thread=about_sofa.thread, reader=owner)
    # then that notification is read, the other is not, and the neighbour's are untouched
    unread = Notification.objects.filter(user=owner, read_at__isnull=True)
    assert [n.link for n in unread] == [thread_link(Thread.objects.get(listing=lamp))]
    # and the summary carries only the lamp
    assert _run_daily(django_capture_on_commit_callbacks) == 1
    [summary] = [m for m in mail.outbox if m.to == ["besitzerin@example.org"]]
    assert "Lampe" in summary.body and "Sofa" not in summary.body


def test_a_moderator_looking_at_a_thread_reads_nothing_for_its_people(in_town_a) -> None:
    # given a message to an owner
    owner = UserFactory()
    message = send_message(sender=UserFactory(), listing=ListingFactory(owner=owner), body="Hallo")
    # when a moderator opens the thread
    mark_thread_read(thread=message.thread, reader=UserFactory(moderator=True))
    # then the owner's notification is still unread
    assert Notification.objects.filter(user=owner, read_at__isnull=True).count() == 1
