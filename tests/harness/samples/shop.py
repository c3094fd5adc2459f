"""Samples for the shop's routes: an approved provider, one without owner, one with a logo, an
offer, and orders (one request past its answer time, for the expiry task); a category of
town A's own for the settings pages; the API's objects."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from modules.shop import services
from modules.shop.models import Order, Provider
from modules.shop.services.settings import create_category
from portal.accounts.models import Role
from tests.factories import UserFactory
from tests.factories.exchange import image_bytes
from tests.factories.shop import OfferFactory, ProviderFactory, make_order

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
    # the settings pages: a category only town A has (the nine defaults are in every town)
    town_admin = UserFactory(email="harness-shop-admin@example.org", roles=[Role.TOWN_ADMIN])
    only_here = create_category(by=town_admin, name="Harness-Kategorie")
    on_order = {"public_id": open_request.public_id}
    return {
        "shop:category_update": {"slug": only_here.slug},
        "shop-offer-detail": {"public_id": offer.public_id},
        "shop-provider-detail": {"slug": painter.slug},
        "shop-order-detail": on_order,
        "shop-order-accept": on_order,
        "shop-order-decline": on_order,
        "shop-order-question": on_order,
        "shop-order-confirm": on_order,
        "shop-order-complete": on_order,
        "shop-order-cancel": on_order,
        "shop:offer": {"public_id": offer.public_id},
        "shop:order": {"public_id": open_request.public_id},
        "shop:claim": {"token": token},
        "shop:detail": {"slug": painter.slug},
        "shop:logo": {"slug": with_logo.slug},
        "shop:edit": {"slug": painter.slug},
        "shop:claim_link": {"slug": unowned.slug},
    }
