"""Factories of the shop module; use them inside a town (in_town_a / in_town_b)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import factory
from django.utils import timezone

from modules.shop.models import Category, ContactBy, Offer, Order, PriceModel, Provider, Trade
from portal.accounts.models import User
from portal.letters.periods import town_zone


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Malerbetrieb Nummer {n}")
    slug = factory.Sequence(lambda n: f"maler-{n}")
    trade = Trade.CRAFT
    description = "Wir streichen Wände und Fenster."
    request_email = factory.Sequence(lambda n: f"anfragen{n}@example.org")
    districts = factory.LazyFunction(lambda: ["Merklingen"])
    status = Provider.Status.APPROVED
    approved_at = factory.LazyFunction(timezone.now)


def category(slug: str = "haus-handwerk") -> Category:
    """One of the categories every town starts with (migration 0003)."""
    return Category.objects.get(slug=slug)


class OfferFactory(factory.django.DjangoModelFactory):
    """A published offer at an hourly rate; pass `provider=`."""

    class Meta:
        model = Offer

    provider = factory.SubFactory(ProviderFactory)
    category = factory.LazyFunction(category)
    title = factory.Sequence(lambda n: f"Fenster putzen {n}")
    description = "Innen und außen, mit Rahmen."
    price_model = PriceModel.HOURLY
    price_cents = 3900
    districts = factory.LazyFunction(lambda: ["Merklingen"])
    status = Offer.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def soon(days: int = 3, hours: int = 2) -> dict[str, str]:
    """A time window `days` ahead, `hours` long, as the services take it."""
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    if hours < 24:
        # A short window stays on one day of the town's calendar, whenever the suite runs
        # (a window across midnight is written differently in the mails).
        local = timezone.localtime(start, town_zone())
        midnight = datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)
        if local + timedelta(hours=hours) >= midnight:
            start = (midnight - timedelta(hours=hours, minutes=1)).astimezone(UTC)
    return {"start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat()}


def make_order(*, offer: Offer, resident: User, **changes: Any) -> Order:
    """A request made through the service (so the order is as real ones are)."""
    from modules.shop.services.orders import request_offer

    fields: dict[str, Any] = {
        "need": "Drei Fenster im Erdgeschoss.",
        "windows": [soon()],
        "place": "Marktplatz 1, 71263 Weil der Stadt",
        "contact_by": ContactBy.EMAIL,
    }
    fields.update(changes)
    return request_offer(offer=offer, by=resident, **fields)


# Provider photos and video clips (modules/shop/services/media.py).

# An ISO base media file's first box ("ftyp", brand mp42) and a little payload.
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 4
# An EBML header whose DocType is "webm", then a little payload.
WEBM_BYTES = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
    b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02" + b"\x00" * 512
)


def video_upload(data: bytes = MP4_BYTES, name: str = "clip.mp4", content_type: str = "video/mp4"):
    """An uploaded file as a form would post it (name and type say nothing of the content)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def photo_upload(name: str = "werkstatt.jpg", size: tuple[int, int] = (120, 80)):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories.exchange import image_bytes

    return SimpleUploadedFile(name, image_bytes(size=size), content_type="image/jpeg")


def request_form_data(*, days: int = 3, **changes: Any) -> dict[str, str]:
    """What a resident types into the request form: one window `days` ahead, 10 to 12."""
    day = (timezone.localdate() + timedelta(days=days)).isoformat()
    data = {
        "need": "Drei Fenster im Erdgeschoss putzen.",
        "window_1_date": day,
        "window_1_start": "10:00",
        "window_1_end": "12:00",
        "place": "Marktplatz 1, 71263 Weil der Stadt",
        "note": "",
        "contact_by": ContactBy.EMAIL,
        "contact_phone": "",
    }
    data.update(changes)
    return data


def accepted_order(*, offer: Offer, resident: User, **changes: Any) -> Order:
    """A request the business accepted from its e-mail, with the resident's first window."""
    from modules.shop.services.orders import ByLink, accept_order

    order = make_order(offer=offer, resident=resident, **changes)
    window = order.windows[0]
    return accept_order(
        order=order, by=ByLink(offer.provider), start=window["start"], end=window["end"]
    )


def requests_consent(*, person: User, recorded_by: User) -> Any:
    """The person lets any network manager request services for them (scope REQUESTS)."""
    from modules.shop.scopes import REQUESTS
    from portal.behalf.models import Consent
    from portal.behalf.services import record_consent

    return record_consent(
        recorded_by=recorded_by,
        person=person,
        scopes=[REQUESTS],
        given_how=Consent.Given.IN_PERSON,
    )


def make_confirmed_order(
    *, offer: Offer, resident: User, start: datetime | None = None, hours: int = 2, **changes: Any
) -> Order:
    """A request the business accepted (from its e-mail link) and the resident confirmed,
    with its appointment at `start` (default: the request's window, three days ahead)."""
    from modules.shop.services.orders import ByLink, accept_order, confirm_order

    window = soon()
    if start is not None:
        start = start.replace(microsecond=0)
        window = {"start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat()}
    order = make_order(offer=offer, resident=resident, windows=[window], **changes)
    accept_order(order=order, by=ByLink(offer.provider), start=window["start"], end=window["end"])
    confirm_order(order=order, by=resident)
    order.refresh_from_db()
    return order
