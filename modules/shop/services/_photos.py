"""Storing a cleaned photo (an offer's or a provider's): the file first, then its row."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile

from portal.files import private_name

from ..models import OfferPhoto
from ..models_media import ProviderPhoto


def store_photo(photo: OfferPhoto | ProviderPhoto, *, folder: str, data: bytes) -> None:
    """Save `data` (a cleaned JPEG) under a private name in `folder`, then the row; the file
    is removed again when the row cannot be saved (no orphan on disk)."""
    name = private_name(f"{folder}/{uuid.uuid4().hex}.jpg")
    photo.image.save(name, ContentFile(data), save=False)
    stored = str(photo.image.name)
    try:
        photo.save()
    except Exception:
        photo.image.storage.delete(stored)
        raise
