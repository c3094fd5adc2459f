"""Samples for the exchange's routes: a listing with a photo, a conversation, a time transfer
and a report."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone

from modules.exchange import scopes, services
from portal.behalf.models import Consent
from portal.behalf.services import create_managed_resident, record_consent
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory, MessageFactory, ReportFactory, image_bytes

from . import Samples


def make_samples() -> Samples:
    owner = UserFactory(email="harness-lister@example.org")
    neighbour = UserFactory(email="harness-neighbour@example.org")
    listing = ListingFactory(owner=owner)
    photo = services.add_listing_photo(
        listing=listing, by=owner, upload=io.BytesIO(image_bytes()), alt_text="Rad"
    )
    message = MessageFactory(thread__listing=listing, thread__interested=neighbour)
    transfer = services.propose_transfer(
        proposer=neighbour, payer=neighbour, payee=owner, minutes=60, listing=listing
    )
    report = ReportFactory(target=listing)
    # A resident without internet whom a network manager helps, with her consent.
    manager = UserFactory(moderator=True, email="harness-manager@example.org")
    hilde = create_managed_resident(
        created_by=manager, full_name="Hilde Harness", phone="07033 123456"
    )
    record_consent(
        recorded_by=manager,
        person=hilde,
        scopes=[scopes.LISTINGS, scopes.MESSAGES, scopes.TIME],
        given_how=Consent.Given.PAPER,
    )
    hilde_thread = MessageFactory(thread__listing=listing, thread__interested=hilde).thread
    hilde_transfer = services.propose_transfer(
        proposer=owner, payer=hilde, payee=owner, minutes=30, listing=listing
    )
    for_hilde = {"person": hilde.public_id}
    # Due work for the nightly expiry: one listing about to expire, one past its date.
    ListingFactory(owner=owner, expires_at=timezone.now() + timedelta(days=1))
    ListingFactory(owner=owner, expires_at=timezone.now() - timedelta(hours=1))
    on_listing = {"public_id": listing.public_id}
    on_thread = {"public_id": message.thread.public_id}
    on_transfer = {"public_id": transfer.public_id}
    return {
        "exchange:detail": on_listing,
        "exchange:edit": on_listing,
        "exchange:renew": on_listing,
        "exchange:taken": on_listing,
        "exchange:delete": on_listing,
        "exchange:photos": on_listing,
        "exchange:contact": on_listing,
        "exchange:report_listing": on_listing,
        "exchange:photo_delete": {"public_id": photo.public_id},
        "exchange:photo": {"public_id": photo.public_id},
        "exchange:behalf_create": for_hilde,
        "exchange:behalf_threads": for_hilde,
        "exchange:behalf_account": for_hilde,
        "exchange:behalf_thread": {**for_hilde, "public_id": hilde_thread.public_id},
        "exchange:behalf_confirm": {**for_hilde, "public_id": hilde_transfer.public_id},
        "exchange:thread": on_thread,
        "exchange:propose_transfer": on_thread,
        "exchange:report_message": {"public_id": message.public_id},
        "exchange:confirm_transfer": on_transfer,
        "exchange:decline_transfer": on_transfer,
        "exchange:moderation_listing": on_listing,
        "exchange:moderation_message": {"public_id": message.public_id},
        "exchange:moderation_dismiss": {"public_id": report.public_id},
        "exchange:moderation_block": {"public_id": neighbour.public_id},
        "exchange-listing-detail": on_listing,
        "exchange-transfer-detail": on_transfer,
        "exchange-transfer-confirm": on_transfer,
        "exchange-transfer-decline": on_transfer,
    }
