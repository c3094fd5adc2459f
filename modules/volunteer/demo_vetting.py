"""Demo part: vetting (filled in by the vetting work; until then it loads nothing)."""

from __future__ import annotations

from typing import Any


def load_vetting(*, town: Any) -> None:
    return None
