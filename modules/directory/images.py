"""Logo uploads: decoded with Pillow, limited in size, re-encoded (drops EXIF and GPS)."""

from __future__ import annotations

import io
import uuid
import warnings
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 3 * 1024 * 1024
MAX_SIDE = 4000
MAX_PIXELS = 16_000_000
STORED_SIDE = 800
FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def reencode_logo(upload: UploadedFile[Any]) -> ContentFile[bytes]:
    """A PNG, JPEG or WebP of sane size, re-encoded and scaled down; else a ValidationError."""
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"logo": _("The logo is too large; please upload at most 3 MB.")}, code="too_large"
        )
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"logo": _("The logo is too large; please upload at most 3 MB.")}, code="too_large"
        )
    not_an_image = ValidationError(
        {"logo": _("This file is not a picture we can use. Please upload a PNG, JPEG or WebP.")},
        code="not_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                width, height = probe.size
                if kind not in FORMATS:
                    raise not_an_image
                if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                    raise ValidationError(
                        {
                            "logo": _(
                                "The picture is too big (%(w)s × %(h)s pixels); at most "
                                "%(max)s pixels on each side."
                            )
                            % {"w": width, "h": height, "max": MAX_SIDE}
                        },
                        code="too_many_pixels",
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                opened.load()
                image: Image.Image = opened
                image.thumbnail((STORED_SIDE, STORED_SIDE))
                if image.mode not in ("RGB", "RGBA"):
                    image = image.convert("RGBA" if "transparency" in image.info else "RGB")
                out = io.BytesIO()
                image.save(out, format="PNG", optimize=True)
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
        raise not_an_image from exc
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.png")
