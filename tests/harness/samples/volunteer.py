"""Samples for neighbourly help's routes: a service with a helper, a request, a ride."""

from __future__ import annotations

from . import Samples


def make_samples() -> Samples:
    return {}
