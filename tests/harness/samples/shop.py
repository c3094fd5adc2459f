"""Samples for the shop's routes: an approved provider, one without owner, one with a logo, an
offer, and orders (one request past its answer time, for the expiry task)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from modules.shop import services
from modules.shop.models import Order, Provider
from portal.accounts.models import Role
from tests.factories import UserFactory
from tests.factories.exchange import image_bytes
from tests.factories.shop import (
    OfferFactory,
    ProviderFactory,
    make_confirmed_order,
    make_order,
)

from . import Samples


def make_samples() -> Samples:
    owner = UserFactory(email="harness-provider@example.org", roles=[Role.PROVIDER])
    painter = ProviderFactory(name="Harness-Maler", slug="harness-maler", owner=owner)
    unowned = ProviderFactory(name="Harness ohne Inhaber", slug="harness-frei")
    moderator = UserFactory(email="harness-shop-mod@example.org", roles=[Role.MODERATOR])
    token = services.make_claim_token(provider=unowned, made_by=moderator)
    with_logo = ProviderFactory(name="Harness-Logo-Laden", slug="harness-logo-laden")
    logo = default_storage.save("private/shop/harness.png", ContentFile(image_bytes()))
    Provider.objects.filter(pk=with_logo.pk).update(logo=logo)
    offer = OfferFactory(provider=painter, title="Harness-Fenster putzen")
    customer = UserFactory(email="harness-customer@example.org")
    open_request = make_order(offer=offer, resident=customer)
    late = make_order(offer=offer, resident=customer)
    Order.objects.filter(pk=late.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    # appointments: a confirmed order due for its reminder (tomorrow 10:00 in the town), its
    # written order, and the business's calendar feed
    from datetime import datetime, time

    from modules.shop.services.calendar_feeds import create_feed
    from modules.shop.services.reminders import town_zone

    zone = town_zone()
    tomorrow = timezone.now().astimezone(zone).date() + timedelta(days=1)
    confirmed = make_confirmed_order(
        offer=offer, resident=customer, start=datetime.combine(tomorrow, time(10), tzinfo=zone)
    )
    feed = create_feed(provider=painter, by=owner)
    return {
        "shop:calendar_feed": {"token": feed.token},
        "shop:calendar": {"slug": painter.slug},
        "shop:written_order": {"public_id": confirmed.public_id},
        "shop:written_order_pdf": {"public_id": confirmed.public_id},
        "shop:offer": {"public_id": offer.public_id},
        "shop:order": {"public_id": open_request.public_id},
        "shop:claim": {"token": token},
        "shop:detail": {"slug": painter.slug},
        "shop:logo": {"slug": with_logo.slug},
        "shop:edit": {"slug": painter.slug},
        "shop:claim_link": {"slug": unowned.slug},
    }
