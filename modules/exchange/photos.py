"""Listing photos: decoded by Pillow, checked, and re-encoded as JPEG without any metadata."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
# Longest side of the stored photo: large enough for a phone screen, small on disk.
STORED_SIDE = 1600
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})


@dataclass(frozen=True)
class ReencodedPhoto:
    data: bytes
    width: int
    height: int


def reencode_photo(upload: IO[bytes], *, size: int | None = None) -> ReencodedPhoto:
    """Refuse anything but a real PNG, JPEG or WebP photo within limits; return clean JPEG."""
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size).1f MB); at most 5 MB are allowed.")
            % {"size": size / 1024 / 1024},
            code="too_large",
        )
    upload.seek(0)
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The photo is too large; at most 5 MB are allowed."), "too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(raw))
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Please upload a photo in JPEG, PNG or WebP format."), code="format"
                )
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE:
                raise ValidationError(
                    _("The photo is %(w)d × %(h)d pixels; at most %(max)d × %(max)d are allowed.")
                    % {"w": width, "h": height, "max": MAX_SIDE},
                    code="too_many_pixels",
                )
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ValidationError(
            _("This file is not a photo we can read. Please upload a JPEG, PNG or WebP image."),
            code="not_an_image",
        ) from exc
    # Turn the pixels upright, then drop every tag: camera, GPS, orientation, comments.
    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((STORED_SIDE, STORED_SIDE))
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return ReencodedPhoto(data=out.getvalue(), width=clean.width, height=clean.height)
