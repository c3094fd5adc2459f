"""Route samples of the fund's part "rounds" (its routes' URL arguments)."""

from __future__ import annotations

from . import Samples


def round_samples() -> Samples:
    return {}
