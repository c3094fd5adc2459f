"""The fund's box on the town's home page: the balance and, while a round votes, "vote now"."""

from __future__ import annotations

from dataclasses import dataclass

from portal.registry import HomePanel

from .models import Round
from .selectors import fund_summary
from .selectors_rounds import voting_round


@dataclass(frozen=True)
class FundPanel:
    balance_cents: int
    contributing_orders: int
    voting: Round | None


def home_panel() -> HomePanel:
    summary = fund_summary()
    return HomePanel(
        template="fund/home_panel.html",
        context=FundPanel(
            balance_cents=summary.balance_cents,
            contributing_orders=summary.contributing_orders,
            voting=voting_round(),
        ),
    )
