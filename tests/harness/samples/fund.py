"""Samples for the LQ Fonds' routes; each part of the module makes its own (proposals and
committee, the vote, rounds and payouts)."""

from __future__ import annotations

from . import Samples
from ._fund_proposals import proposal_samples
from ._fund_rounds import round_samples
from ._fund_voting import voting_samples


def make_samples() -> Samples:
    return {**round_samples(), **proposal_samples(), **voting_samples()}
