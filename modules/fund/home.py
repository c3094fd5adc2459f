"""The fund's box on the town's home page (part "rounds" may extend it with the round)."""

from __future__ import annotations

from portal.registry import HomePanel

from .selectors import fund_summary


def home_panel() -> HomePanel:
    return HomePanel(template="fund/home_panel.html", context=fund_summary())
