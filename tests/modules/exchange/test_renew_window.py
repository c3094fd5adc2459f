"""Renewing is offered, and allowed, only in a listing's last days (or after it expired)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.exchange import services
from modules.exchange.models import Listing
from modules.exchange.selectors import RENEW_DAYS_BEFORE_EXPIRY
from tests.factories.exchange import ListingFactory

pytestmark = pytest.mark.django_db


def test_a_listing_posted_a_minute_ago_cannot_be_renewed(people):
    # given a listing posted a minute ago (online for 60 days)
    listing = ListingFactory(owner=people["owner"])
    before = listing.expires_at
    # when its owner tries to renew it
    with pytest.raises(ValidationError) as refused:
        services.renew_listing(listing=listing, by=people["owner"])
    # then the service says from when it can, and nothing changed
    assert "You can renew it from" in " ".join(refused.value.messages)
    listing.refresh_from_db()
    assert listing.expires_at == before


def test_in_its_last_days_a_listing_can_be_renewed(people):
    # given a listing that goes offline in six days
    soon = timezone.now() + timedelta(days=RENEW_DAYS_BEFORE_EXPIRY - 1)
    listing = ListingFactory(owner=people["owner"], expires_at=soon)
    # when its owner renews it
    services.renew_listing(listing=listing, by=people["owner"])
    # then it is online for another full period
    listing.refresh_from_db()
    assert listing.expires_at > timezone.now() + timedelta(days=59)


def test_an_expired_listing_can_be_renewed(people):
    listing = ListingFactory(
        owner=people["owner"],
        status=Listing.Status.EXPIRED,
        expires_at=timezone.now() - timedelta(days=3),
    )
    services.renew_listing(listing=listing, by=people["owner"])
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ACTIVE


def test_the_page_offers_renew_only_in_the_last_days(client_a, town_a, people):
    # given a fresh listing and one near its end
    fresh = ListingFactory(owner=people["owner"])
    ending = ListingFactory(owner=people["owner"], expires_at=timezone.now() + timedelta(days=2))
    with tenant_context(town_a):
        client_a.force_login(people["owner"])
    # when the owner looks at both
    fresh_page = client_a.get(f"/exchange/listings/{fresh.public_id}/").content.decode()
    ending_page = client_a.get(f"/exchange/listings/{ending.public_id}/").content.decode()
    # then only the ending one has the button; the fresh one says from when
    assert f"/exchange/listings/{fresh.public_id}/renew/" not in fresh_page
    assert "You can renew this listing from" in fresh_page
    assert f"/exchange/listings/{ending.public_id}/renew/" in ending_page


def test_a_too_early_renewal_by_post_is_refused_with_a_message(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    before = listing.expires_at
    with tenant_context(town_a):
        client_a.force_login(people["owner"])
    response = client_a.post(f"/exchange/listings/{listing.public_id}/renew/", follow=True)
    assert "You can renew it from" in response.content.decode()
    listing.refresh_from_db()
    assert listing.expires_at == before
