"""Uploaded pictures (logos, listing photos): one way to check and clean them.

A file is judged by decoding it with Pillow, never by its name or content type: only PNG,
JPEG and WebP within byte and pixel limits pass, decompression bombs are refused, and the
picture is re-encoded from its pixels, so nothing of the upload's metadata (camera, GPS,
ICC, comments) reaches the stored file.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})


@dataclass(frozen=True)
class PictureRules:
    max_bytes: int
    max_side: int
    stored_side: int  # the longest side of the stored picture
    output: Literal["PNG", "JPEG"]
    min_side: int = 1


@dataclass(frozen=True)
class CleanPicture:
    data: bytes
    width: int
    height: int
    extension: str


def _too_large(rules: PictureRules) -> ValidationError:
    return ValidationError(
        _("The file is too large; it may have at most %(max)d MB.")
        % {"max": rules.max_bytes // (1024 * 1024)},
        code="too_large",
    )


def _not_a_picture() -> ValidationError:
    return ValidationError(
        _("This file is not a picture we can use. Please upload a PNG, JPEG or WebP image."),
        code="not_an_image",
    )


def _read_limited(upload: IO[bytes], size: int | None, rules: PictureRules) -> bytes:
    if size is not None and size > rules.max_bytes:
        raise _too_large(rules)
    upload.seek(0)
    data = upload.read(rules.max_bytes + 1)
    if len(data) > rules.max_bytes:
        raise _too_large(rules)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


def _check_dimensions(width: int, height: int, rules: PictureRules) -> None:
    if width > rules.max_side or height > rules.max_side:
        raise ValidationError(
            _(
                "The picture is %(w)d × %(h)d pixels; it may have at most %(max)d pixels on "
                "each side."
            )
            % {"w": width, "h": height, "max": rules.max_side},
            code="too_many_pixels",
        )
    if width < rules.min_side or height < rules.min_side:
        raise ValidationError(
            _(
                "The picture is %(w)d × %(h)d pixels; it needs at least %(min)d pixels on each "
                "side to look sharp."
            )
            % {"w": width, "h": height, "min": rules.min_side},
            code="too_few_pixels",
        )


def clean_picture(
    upload: IO[bytes], *, rules: PictureRules, size: int | None = None
) -> CleanPicture:
    """Decode, check and re-encode an upload; raise ValidationError if it is unusable."""
    data = _read_limited(upload, size, rules)
    # WeasyPrint (the e-letter's PDF) switches Pillow's process-wide LOAD_TRUNCATED_IMAGES on
    # when it is imported; a truncated upload would then decode as a half-grey picture.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, not merely warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                # Only the header is read so far: the size is checked before any decoding.
                if probe.format not in ACCEPTED_FORMATS:
                    raise _not_a_picture()
                _check_dimensions(*probe.size, rules)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image) or image
                clean = upright.convert("RGBA")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("The picture has far too many pixels; it may have at most %(max)d on each side.")
            % {"max": rules.max_side},
            code="too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _not_a_picture() from exc
    clean.thumbnail((rules.stored_side, rules.stored_side), Image.Resampling.LANCZOS)
    if rules.output == "JPEG":
        # JPEG has no transparency: flatten onto white.
        flat = Image.new("RGB", clean.size, (255, 255, 255))
        flat.paste(clean, mask=clean.getchannel("A"))
        clean = flat
    # A fresh info dict: nothing of the upload's metadata reaches the stored file.
    clean.info = {}
    out = io.BytesIO()
    if rules.output == "JPEG":
        clean.save(out, format="JPEG", quality=85, optimize=True)
    else:
        clean.save(out, format="PNG", optimize=True)
    extension = "jpg" if rules.output == "JPEG" else "png"
    return CleanPicture(
        data=out.getvalue(), width=clean.width, height=clean.height, extension=extension
    )
