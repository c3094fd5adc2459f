"""Town logos: checked and cleaned by portal.images, stored as a PNG at most 600 px wide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from portal.images import PictureRules, clean_picture

MAX_BYTES = 2 * 1024 * 1024
MIN_SIDE = 32
MAX_SIDE = 4000
STORED_WIDTH = 600
RULES = PictureRules(
    max_bytes=MAX_BYTES,
    max_side=MAX_SIDE,
    min_side=MIN_SIDE,
    stored_side=STORED_WIDTH,
    output="PNG",
)


@dataclass(frozen=True)
class CleanLogo:
    """A re-encoded logo, ready to be stored."""

    png: bytes
    width: int
    height: int


def clean_logo(upload: IO[bytes], size: int | None = None) -> CleanLogo:
    """Decode, check and re-encode an uploaded logo; raise ValidationError if unusable."""
    picture = clean_picture(upload, rules=RULES, size=size)
    return CleanLogo(png=picture.data, width=picture.width, height=picture.height)
