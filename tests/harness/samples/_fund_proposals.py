"""Route samples of the fund's part "proposals" (its routes' URL arguments)."""

from __future__ import annotations

from . import Samples


def proposal_samples() -> Samples:
    return {}
