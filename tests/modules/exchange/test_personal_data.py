"""The exchange's part of "download my data" and "delete my account" covers listings the
person deleted earlier (the default manager hides them)."""

from __future__ import annotations

import pytest

from modules.exchange import services
from modules.exchange.models import Listing, Message, Thread
from modules.exchange.personal_data import erase_exchange, export_exchange
from tests.factories.exchange import ListingFactory, MessageFactory

pytestmark = pytest.mark.django_db


def test_a_listing_deleted_earlier_is_exported_and_erased_with_the_account(people) -> None:
    # given Erika deleted a listing that Josef had asked about
    owner, member = people["owner"], people["member"]
    listing = ListingFactory(owner=owner, title="Alte Bohrmaschine")
    thread = MessageFactory(
        thread__listing=listing, thread__interested=member, body="Noch da?"
    ).thread
    services.delete_listing(listing=listing, by=owner)
    # when her data is exported
    exported = export_exchange(owner).data["listings"]
    # then the deleted listing is in it, marked deleted
    assert [(item["title"], item["status"]) for item in exported] == [
        ("Alte Bohrmaschine", Listing.Status.DELETED)
    ]
    # when her account's exchange data is erased
    erase_exchange(owner)
    # then the deleted listing, its thread and messages are gone too
    assert not Listing.all_objects.filter(owner=owner).exists()
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert not Message.objects.filter(thread_id=thread.pk).exists()
