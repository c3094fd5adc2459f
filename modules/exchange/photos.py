"""Listing photos: checked and cleaned by portal.images, stored as JPEG without metadata."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from portal.images import PictureRules, clean_picture

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
# Longest side of the stored photo: large enough for a phone screen, small on disk.
STORED_SIDE = 1600
RULES = PictureRules(max_bytes=MAX_BYTES, max_side=MAX_SIDE, stored_side=STORED_SIDE, output="JPEG")


@dataclass(frozen=True)
class ReencodedPhoto:
    data: bytes
    width: int
    height: int


def reencode_photo(upload: IO[bytes], *, size: int | None = None) -> ReencodedPhoto:
    """Refuse anything but a real PNG, JPEG or WebP photo within limits; return clean JPEG."""
    picture = clean_picture(upload, rules=RULES, size=size)
    return ReencodedPhoto(data=picture.data, width=picture.width, height=picture.height)
