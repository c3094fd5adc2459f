"""The demo's neighbourly help: the Stadtseniorenrat's Seniorenmobil, the Elterninitiative's
babysitter service and Miteinander-Füreinander's emergency shopping (each part in its own
file, loaded once: every part finds its rows by slug)."""

from __future__ import annotations

from typing import Any


def load_demo(*, town: Any) -> None:
    from .demo_help import load_help
    from .demo_rides import load_rides
    from .demo_vetting import load_vetting

    load_help(town=town)
    load_vetting(town=town)
    load_rides(town=town)
