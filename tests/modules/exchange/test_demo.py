"""Demo content: 60 listings and a balanced time-bank history, loaded once."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from billing.ledger.models import Entry
from modules.exchange.demo import load_demo
from modules.exchange.models import Listing, TimeTransfer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_is_realistic_balanced_and_idempotent(in_town_a):
    for _ in range(7):
        UserFactory()
    load_demo(town=in_town_a)
    load_demo(town=in_town_a)
    assert Listing.objects.count() == 60
    assert Listing.objects.filter(listing_type="time").count() == 30
    assert Listing.objects.filter(title="Hilfe im Garten").exists()
    assert TimeTransfer.objects.filter(status="confirmed").count() == 18
    assert Entry.objects.count() == 36
    assert Entry.objects.aggregate(total=Sum("amount"))["total"] == 0
    assert all(t.minutes % 15 == 0 for t in TimeTransfer.objects.all())
