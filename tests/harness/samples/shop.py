"""Samples for the shop's routes: an approved provider, one without owner, one with a logo, an
offer, and orders (one request past its answer time, for the expiry task); a category of
town A's own for the settings pages; the API's objects."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from modules.shop import services
from modules.shop.links import make_order_token
from modules.shop.models import Offer, Order, Provider
from modules.shop.services.settings import create_category
from portal.accounts.models import Role
from tests.factories import UserFactory
from tests.factories.exchange import image_bytes
from tests.factories.shop import (
    MP4_BYTES,
    OfferFactory,
    ProviderFactory,
    make_confirmed_order,
    make_order,
    photo_upload,
    video_upload,
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
    draft = OfferFactory(provider=painter, title="Harness-Entwurf", status=Offer.Status.DRAFT)
    offer_photo = services.add_offer_photo(
        offer=offer,
        by=owner,
        upload=SimpleUploadedFile("harness.jpg", image_bytes(), content_type="image/jpeg"),
        alt_text="Harness-Foto",
    )
    customer = UserFactory(email="harness-customer@example.org")
    open_request = make_order(offer=offer, resident=customer)
    late = make_order(offer=offer, resident=customer)
    Order.objects.filter(pk=late.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    # the painter's photo and uploaded video (provider media)
    photo = services.add_provider_photo(provider=painter, by=owner, upload=photo_upload())
    services.set_provider_clip(
        provider=painter, by=owner, upload=video_upload(), size=len(MP4_BYTES)
    )
    # appointments: a confirmed order due for its reminder (tomorrow 10:00 in the town), its
    # written order, and the business's calendar feed
    from modules.shop.services.calendar_feeds import create_feed
    from portal.letters.periods import town_zone

    zone = town_zone()
    tomorrow = timezone.now().astimezone(zone).date() + timedelta(days=1)
    confirmed = make_confirmed_order(
        offer=offer, resident=customer, start=datetime.combine(tomorrow, time(10), tzinfo=zone)
    )
    feed = create_feed(provider=painter, by=owner)
    # the settings pages: a category only town A has (the nine defaults are in every town)
    town_admin = UserFactory(email="harness-shop-admin@example.org", roles=[Role.TOWN_ADMIN])
    only_here = create_category(by=town_admin, name="Harness-Kategorie")
    # a fee invoice past its due date, for the overdue task (the monthly run itself calls
    # Stripe and commits: tests/modules/shop/test_fee_invoices.py walks it on and off)
    from modules.shop.models_invoices import ProviderInvoice

    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    ProviderInvoice.objects.create(
        provider=painter,
        year=last_month.year,
        month=last_month.month,
        state=ProviderInvoice.State.ISSUED,
        total_cents=250,
        email="harness-provider@example.org",
        stripe_invoice_id="in_harness_overdue",
        stripe_status="open",
        due_at=timezone.now() - timedelta(days=2),
    )
    on_order = {"public_id": open_request.public_id}
    this_month = timezone.localdate()
    statement = {"slug": painter.slug, "year": this_month.year, "month": this_month.month}
    return {
        "shop:media": {"slug": painter.slug},
        "shop:photo_add": {"slug": painter.slug},
        "shop:photo_remove": {"slug": painter.slug, "public_id": photo.public_id},
        "shop:clip": {"slug": painter.slug},
        "shop:clip_remove": {"slug": painter.slug},
        "shop:video": {"slug": painter.slug},
        "shop:photo": {"public_id": photo.public_id},
        "shop:provider_dashboard": {"slug": painter.slug},
        "shop:statement": statement,
        "shop:statement_pdf": statement,
        "shop:calendar_feed": {"token": feed.token},
        "shop:calendar": {"slug": painter.slug},
        "shop:written_order": {"public_id": confirmed.public_id},
        "shop:written_order_pdf": {"public_id": confirmed.public_id},
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
        # offers
        "shop:offer_create": {"slug": painter.slug},
        "shop:offer_edit": {"public_id": offer.public_id},
        "shop:offer_publish": {"public_id": draft.public_id},
        "shop:offer_withdraw": {"public_id": offer.public_id},
        "shop:offer_report": {"public_id": offer.public_id},
        "shop:offer_photos": {"public_id": offer.public_id},
        "shop:offer_photo": {"public_id": offer_photo.public_id},
        "shop:offer_photo_delete": {"public_id": offer_photo.public_id},
        # requests and the people's order actions
        "shop:request": {"public_id": offer.public_id},
        "shop:request_for": {"public_id": offer.public_id, "person": customer.public_id},
        "shop:behalf_offers": {"person": customer.public_id},
        "shop:order_confirm": {"public_id": open_request.public_id},
        "shop:order_cancel": {"public_id": open_request.public_id},
        "shop:order_complete": {"public_id": open_request.public_id},
        "shop:order_accept": {"public_id": open_request.public_id},
        "shop:order_decline": {"public_id": open_request.public_id},
        "shop:order_question": {"public_id": open_request.public_id},
        "shop:answer": {
            "action": "accept",
            "token": make_order_token(order=open_request, action="accept"),
        },
    }
