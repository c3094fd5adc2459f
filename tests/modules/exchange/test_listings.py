"""Listing services: posting, editing, renewing, taken, photos (cleaned of metadata)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from modules.exchange import services
from modules.exchange.models import ExchangeSettings, Listing, ListingPhoto
from tests.factories.exchange import ListingFactory, gps_exif, image_bytes

pytestmark = pytest.mark.django_db


def test_create_listing_uses_town_period(people):
    ExchangeSettings.objects.create(listing_days=10)
    listing = services.create_listing(
        owner=people["owner"],
        kind="lend",
        listing_type="time",
        title="  Ich helfe im Garten  ",
        minutes=120,
    )
    assert listing.title == "Ich helfe im Garten"
    delta = listing.expires_at - timezone.now()
    assert timedelta(days=9, hours=23) < delta <= timedelta(days=10)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Please fill in"),
        ({"title": "   "}, "title", "Please fill in"),
        ({"title": "x" * 121}, "title", "at most 120"),
        ({"description": "x" * 4001}, "description", "at most 4000"),
        ({"title": 42}, "title", "must be text"),
        ({"title": "a\x00b"}, "title", "not allowed"),
        ({"kind": "sell"}, "kind", "give away"),
        ({"listing_type": "car"}, "listing_type", "item or time"),
        ({"minutes": 50}, "minutes", "quarter hours"),
        ({"minutes": 0}, "minutes", "more than zero"),
        ({"minutes": 60, "listing_type": "item"}, "minutes", "Only listings for time"),
    ],
)
def test_bad_listing_input_is_refused(people, fields, field, message):
    data = {"kind": "give", "listing_type": "time", "title": "Rasen mähen", **fields}
    with pytest.raises(ValidationError) as caught:
        services.create_listing(owner=people["owner"], **data)
    assert message in " ".join(caught.value.message_dict[field])
    assert Listing.objects.count() == 0


def test_unverified_user_cannot_post(people):
    with pytest.raises(PermissionDenied):
        services.create_listing(
            owner=people["unverified"], kind="give", listing_type="item", title="Sofa"
        )
    assert Listing.objects.count() == 0


def test_only_owner_can_edit_renew_or_mark_taken(people):
    listing = ListingFactory(owner=people["owner"])
    for call in (
        lambda: services.update_listing(
            listing=listing, by=people["member"], kind="give", title="X"
        ),
        lambda: services.renew_listing(listing=listing, by=people["member"]),
        lambda: services.mark_listing_taken(listing=listing, by=people["member"]),
    ):
        with pytest.raises(PermissionDenied):
            call()
    listing.refresh_from_db()
    assert listing.status == Listing.Status.ACTIVE and listing.title.startswith("Kinderfahrrad")


def test_mark_taken_twice_is_refused(people):
    listing = ListingFactory(owner=people["owner"])
    services.mark_listing_taken(listing=listing, by=people["owner"])
    with pytest.raises(ValidationError, match="already marked"):
        services.mark_listing_taken(listing=listing, by=people["owner"])
    with pytest.raises(ValidationError, match="taken"):
        services.renew_listing(listing=listing, by=people["owner"])


def _stored(photo: ListingPhoto) -> bytes:
    return Path(photo.image.path).read_bytes()


def test_photo_is_reencoded_without_gps_or_camera(people, in_town_a):
    # given a JPEG carrying camera and GPS data
    listing = ListingFactory(owner=people["owner"])
    raw = image_bytes("JPEG", exif=gps_exif())
    assert b"SecretCam" in raw and Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)
    # when it is uploaded
    photo = services.add_listing_photo(listing=listing, by=people["owner"], upload=io.BytesIO(raw))
    # then the stored file is a clean JPEG under the town's folder
    data = _stored(photo)
    assert b"SecretCam" not in data and b"Model X1" not in data
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert not stored.getexif().get_ifd(0x8825)
    assert f"/{in_town_a.schema_name}/private/exchange/" in photo.image.path
    assert photo.image.url.startswith(f"/media/{in_town_a.schema_name}/")


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_become_jpeg(people, fmt):
    listing = ListingFactory(owner=people["owner"])
    photo = services.add_listing_photo(
        listing=listing, by=people["owner"], upload=io.BytesIO(image_bytes(fmt))
    )
    assert Image.open(io.BytesIO(_stored(photo))).format == "JPEG"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "empty"),
        (b"GIF89a not really", "not a picture"),
        (b"<script>alert(1)</script>", "not a picture"),
        (image_bytes("GIF"), "PNG, JPEG or WebP"),
        (image_bytes("BMP"), "PNG, JPEG or WebP"),
        (image_bytes("JPEG")[:60], "not a picture"),
    ],
)
def test_fake_and_foreign_files_are_refused(people, payload, message):
    listing = ListingFactory(owner=people["owner"])
    with pytest.raises(ValidationError, match=message):
        services.add_listing_photo(listing=listing, by=people["owner"], upload=io.BytesIO(payload))
    assert ListingPhoto.objects.count() == 0


def test_oversized_file_is_refused(people):
    listing = ListingFactory(owner=people["owner"])
    big = io.BytesIO(image_bytes("PNG") + b"\0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError, match="at most 5 MB"):
        services.add_listing_photo(listing=listing, by=people["owner"], upload=big)
    assert ListingPhoto.objects.count() == 0


def test_too_many_pixels_are_refused(people):
    listing = ListingFactory(owner=people["owner"])
    wide = io.BytesIO(image_bytes("PNG", size=(6001, 10)))
    with pytest.raises(ValidationError, match="6000"):
        services.add_listing_photo(listing=listing, by=people["owner"], upload=wide)
    assert ListingPhoto.objects.count() == 0


def test_at_most_five_photos(people):
    listing = ListingFactory(owner=people["owner"])
    for _ in range(5):
        services.add_listing_photo(
            listing=listing, by=people["owner"], upload=io.BytesIO(image_bytes())
        )
    with pytest.raises(ValidationError, match="at most 5 photos"):
        services.add_listing_photo(
            listing=listing, by=people["owner"], upload=io.BytesIO(image_bytes())
        )
    assert listing.photos.count() == 5


def test_only_owner_adds_photos(people):
    listing = ListingFactory(owner=people["owner"])
    with pytest.raises(PermissionDenied):
        services.add_listing_photo(
            listing=listing, by=people["member"], upload=io.BytesIO(image_bytes())
        )
    assert ListingPhoto.objects.count() == 0
