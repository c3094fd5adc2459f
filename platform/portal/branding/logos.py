"""Logo uploads: decoded by Pillow (never trusted by name or content type), limited in bytes
and pixels, then re-encoded as a small PNG without any metadata (EXIF, GPS, ICC, text)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MIN_SIDE = 32
MAX_SIDE = 4000
STORED_WIDTH = 600
ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})


@dataclass(frozen=True)
class CleanLogo:
    """A re-encoded logo, ready to be stored."""

    png: bytes
    width: int
    height: int


def _not_a_picture() -> ValidationError:
    return ValidationError(
        _("This file is not a picture we can use. Please upload a PNG, JPEG or WebP image."),
        code="not_an_image",
    )


def _read_limited(upload: IO[bytes], size: int | None) -> bytes:
    if size is not None and size > MAX_BYTES:
        raise _too_large()
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_large()
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


def _too_large() -> ValidationError:
    return ValidationError(
        _("The logo file is too large; it may have at most %(max)d MB.")
        % {"max": MAX_BYTES // (1024 * 1024)},
        code="too_large",
    )


def _check_dimensions(width: int, height: int) -> None:
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ValidationError(
            _(
                "The picture is %(w)d × %(h)d pixels; it may have at most %(max)d pixels on "
                "each side."
            )
            % {"w": width, "h": height, "max": MAX_SIDE},
            code="too_many_pixels",
        )
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ValidationError(
            _(
                "The picture is %(w)d × %(h)d pixels; it needs at least %(min)d pixels on each "
                "side to look sharp."
            )
            % {"w": width, "h": height, "min": MIN_SIDE},
            code="too_few_pixels",
        )


def clean_logo(upload: IO[bytes], size: int | None = None) -> CleanLogo:
    """Decode, check and re-encode an uploaded logo; raise ValidationError if unusable."""
    data = _read_limited(upload, size)
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, not merely warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                # Only the header is read so far: the size is checked before any decoding.
                if probe.format not in ACCEPTED_FORMATS:
                    raise _not_a_picture()
                _check_dimensions(*probe.size)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
                clean = upright.convert("RGBA")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("The picture has far too many pixels; it may have at most %(max)d on each side.")
            % {"max": MAX_SIDE},
            code="too_many_pixels",
        ) from exc
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as exc:
        raise _not_a_picture() from exc
    if clean.width > STORED_WIDTH:
        height = max(1, round(clean.height * STORED_WIDTH / clean.width))
        clean = clean.resize((STORED_WIDTH, height), Image.Resampling.LANCZOS)
    # A fresh info dict: nothing of the upload's metadata reaches the stored file.
    clean.info = {}
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return CleanLogo(png=out.getvalue(), width=clean.width, height=clean.height)
