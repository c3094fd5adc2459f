"""Provider logos: checked and cleaned by portal.images, stored as a PNG."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from portal.images import PictureRules, clean_picture

MAX_UPLOAD_BYTES = 3 * 1024 * 1024
RULES = PictureRules(max_bytes=MAX_UPLOAD_BYTES, max_side=4000, stored_side=800, output="PNG")


def reencode_logo(upload: UploadedFile[Any]) -> ContentFile[bytes]:
    """A PNG, JPEG or WebP of sane size, re-encoded and scaled down; else a ValidationError."""
    try:
        picture = clean_picture(upload, rules=RULES, size=upload.size)
    except ValidationError as exc:
        raise ValidationError({"logo": exc.messages}, code=exc.code) from exc
    return ContentFile(picture.data, name=f"{uuid.uuid4().hex}.{picture.extension}")


# Offer photos: large enough for a phone screen, small on disk; JPEG without metadata.
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_RULES = PictureRules(
    max_bytes=PHOTO_MAX_BYTES, max_side=6000, stored_side=1600, output="JPEG"
)
