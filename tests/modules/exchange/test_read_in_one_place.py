"""The same event is unread in one place only: reading the conversation or settling the
transfer marks what the inbox said about it read, and the digest no longer mails it."""

from __future__ import annotations

import pytest

from modules.exchange import services
from portal.notifications.models import Delivery, Notification
from portal.notifications.selectors import unread_count
from portal.notifications.services import set_preferences
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory

pytestmark = pytest.mark.django_db


def test_reading_the_conversation_marks_its_notification_read(in_town_a) -> None:
    # given Josef wrote to Erika about her listing; Erika wants messages in a daily digest
    erika, josef = UserFactory(), UserFactory()
    set_preferences(user=erika, choices={"exchange_messages": "daily"})
    listing = ListingFactory(owner=erika, title="Sofa")
    message = services.send_message(sender=josef, listing=listing, body="Noch da?")
    other = services.send_message(
        sender=josef, listing=ListingFactory(owner=erika, title="Tisch"), body="Und der?"
    )
    assert unread_count(erika) == 2
    # when Erika opens the first conversation
    services.mark_thread_read(thread=message.thread, reader=erika)
    # then that notification is read; the other conversation's is still unread
    read = Notification.objects.get(user=erika, read_at__isnull=False)
    assert read.target == f"exchange:thread:{message.thread.public_id}"
    assert unread_count(erika) == 1
    assert Notification.objects.get(user=erika, read_at__isnull=True).target == (
        f"exchange:thread:{other.thread.public_id}"
    )
    # and someone else opening it (a moderator) marks nothing of Erika's
    services.mark_thread_read(thread=other.thread, reader=UserFactory(moderator=True))
    assert unread_count(erika) == 1


def test_confirming_or_declining_a_transfer_marks_its_notification_read(in_town_a) -> None:
    from portal.notifications.digests import send_digest

    # given two transfers Erika proposed to Josef, who gets transfers in a daily digest
    erika, josef = UserFactory(), UserFactory()
    set_preferences(user=josef, choices={"exchange_transfers": "daily"})
    first = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=60)
    second = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=30)
    assert unread_count(josef) == 2
    # when Josef confirms one and declines the other
    services.confirm_transfer(transfer=first, by=josef)
    services.decline_transfer(transfer=second, by=josef)
    # then nothing is unread any more, and the daily digest has nothing to mail
    assert unread_count(josef) == 0
    from django.utils import timezone

    assert send_digest(user=josef, frequency="daily", period=timezone.localdate()) is None
    assert set(Notification.objects.filter(user=josef).values_list("delivery", flat=True)) == {
        Delivery.NONE
    }
