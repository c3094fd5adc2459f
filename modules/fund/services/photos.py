"""The fund's photos (of proposals and of impact reports): one set of rules, one check."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError

from portal.images import CleanPicture, PictureRules, clean_picture
from portal.validation import Errors

MAX_PHOTOS = 4
ALT_TEXT_MAX = 200
PHOTO_RULES = PictureRules(
    max_bytes=5 * 1024 * 1024, max_side=6000, stored_side=1600, output="JPEG"
)


def checked_photo(
    *,
    upload: IO[bytes],
    size: int | None,
    alt_text: str,
    refusal: str | None = None,
) -> tuple[CleanPicture, str]:
    """The cleaned picture and its short description, or a ValidationError with every
    problem at once; `refusal` is why no photo may be added now (too many, too late)."""
    errors = Errors()
    alt = errors.text("alt_text", alt_text, max_length=ALT_TEXT_MAX, required=False)
    picture = None
    if refusal is not None:
        errors.add("image", refusal)
    else:
        try:
            picture = clean_picture(upload, rules=PHOTO_RULES, size=size)
        except ValidationError as exc:
            errors.collect(exc, field="image")
    errors.raise_if_any()
    assert picture is not None
    return picture, alt
