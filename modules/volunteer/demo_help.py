"""Demo part: help (filled in by the help work; until then it loads nothing)."""

from __future__ import annotations

from typing import Any


def load_help(*, town: Any) -> None:
    return None
