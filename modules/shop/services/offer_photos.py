"""Offer photos: up to five, re-encoded by `portal.images`, private on disk (served by
`views.offer_photos.photo_file`, to everyone only while the offer is public)."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.files import delete_files_on_commit
from portal.images import clean_picture
from portal.validation import Errors

from ..images import PHOTO_RULES
from ..models import Offer, OfferPhoto
from ._photos import store_photo
from .offers import require_editor

MAX_PHOTOS = 5
ALT_TEXT_MAX = 200


@transaction.atomic
def add_offer_photo(
    *, offer: Offer, by: User, upload: IO[bytes], size: int | None = None, alt_text: str = ""
) -> OfferPhoto:
    """Store a cleaned copy of a photo with its short description (at most five)."""
    require_editor(offer.provider, by)
    # The lock makes two uploads at the same moment count each other.
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    errors = Errors()
    alt = errors.text("alt_text", alt_text, max_length=ALT_TEXT_MAX, required=False)
    if offer.photos.count() >= MAX_PHOTOS:
        errors.add("image", _("An offer can have at most %(max)d photos.") % {"max": MAX_PHOTOS})
    picture = None
    if "image" not in errors.errors:
        try:
            picture = clean_picture(upload, rules=PHOTO_RULES, size=size)
        except ValidationError as exc:
            errors.collect(exc, field="image")
    errors.raise_if_any()
    assert picture is not None
    position = offer.photos.count()
    photo = OfferPhoto(
        offer=offer, width=picture.width, height=picture.height, alt_text=alt, position=position
    )
    store_photo(photo, folder=f"shop/offers/{offer.public_id}", data=picture.data)
    return photo


@transaction.atomic
def delete_offer_photo(*, photo: OfferPhoto, by: User) -> None:
    """Remove a photo and, once committed, its file."""
    require_editor(photo.offer.provider, by)
    name, storage = str(photo.image.name), photo.image.storage
    photo.delete()
    delete_files_on_commit([name], storage=storage)
