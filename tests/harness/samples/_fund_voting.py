"""Route samples of the fund's part "voting" (its routes' URL arguments)."""

from __future__ import annotations

from . import Samples


def voting_samples() -> Samples:
    return {}
