"""Logos for the demo towns, drawn on the fly: a shield in the town's colours with an emblem
(Weil der Stadt: Kepler's star; Rabenau am See: the lake's waves) and the town's initials."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

SIZE = 240


def _shield(draw: ImageDraw.ImageDraw, colour: str, inset: int) -> None:
    top, left, right = 12 + inset, 28 + inset, SIZE - 28 - inset
    middle = SIZE // 2
    points: list[tuple[float, float]] = [(left, top), (right, top), (right, 130)]
    points += [
        (
            middle + (right - middle) * math.cos(a / 10 * math.pi / 2),
            130 + 95 * math.sin(a / 10 * math.pi / 2) - inset,
        )
        for a in range(11)
    ]
    points += [
        (
            middle - (middle - left) * math.cos(a / 10 * math.pi / 2),
            130 + 95 * math.sin(a / 10 * math.pi / 2) - inset,
        )
        for a in range(10, -1, -1)
    ]
    points.append((left, 130))
    draw.polygon(points, fill=colour)


def _star(draw: ImageDraw.ImageDraw, centre: tuple[int, int], radius: int, colour: str) -> None:
    points = []
    for corner in range(10):
        angle = -math.pi / 2 + corner * math.pi / 5
        length = radius if corner % 2 == 0 else radius * 0.45
        points.append((centre[0] + length * math.cos(angle), centre[1] + length * math.sin(angle)))
    draw.polygon(points, fill=colour)


def _waves(draw: ImageDraw.ImageDraw, top: int, colour: str) -> None:
    for row in range(3):
        y = top + row * 18
        points = [(x, y + 6 * math.sin(x / 14)) for x in range(48, SIZE - 47, 4)]
        draw.line(points, fill=colour, width=6)


def draw_demo_logo(*, initials: str, primary: str, accent: str, emblem: str) -> bytes:
    """A PNG logo: the shield, its emblem ("star" or "waves") and the initials."""
    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    _shield(draw, accent, 0)
    _shield(draw, primary, 8)
    if emblem == "star":
        _star(draw, (SIZE // 2, 70), 38, "#f5c518")
    else:
        _waves(draw, 52, "#ffffff")
    font = ImageFont.load_default(size=64)
    draw.text((SIZE // 2, 160), initials, fill="#ffffff", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
