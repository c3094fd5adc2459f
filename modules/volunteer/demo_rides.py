"""Demo part: rides (filled in by the rides work; until then it loads nothing)."""

from __future__ import annotations

from typing import Any


def load_rides(*, town: Any) -> None:
    return None
