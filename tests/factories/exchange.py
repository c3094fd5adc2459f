"""Factories of the exchange; use them inside a town (in_town_a / in_town_b)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone
from PIL import Image

from modules.exchange.models import Listing, Message, Thread
from portal.moderation.models import Report

from . import UserFactory


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing

    owner = factory.SubFactory(UserFactory)
    kind = Listing.Kind.GIVE
    listing_type = Listing.Type.ITEM
    title = factory.Sequence(lambda n: f"Kinderfahrrad Nr. {n}")
    description = "Gut erhalten, bitte abholen."
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    listing = factory.SubFactory(ListingFactory)
    interested = factory.SubFactory(UserFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SelfAttribute("thread.interested")
    body = "Ist das Fahrrad noch zu haben?"


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    target = factory.SubFactory(ListingFactory)
    reason = "Das ist Werbung."


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), exif: bytes = b"") -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    kwargs: dict[str, Any] = {"exif": exif} if exif else {}
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0110] = "Model X1"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (48.0, 45.0, 12.0)
    gps[3] = "E"
    gps[4] = (8.0, 52.0, 30.0)
    return exif.tobytes()
