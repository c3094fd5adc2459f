"""Telling the town that voting has opened (part "rounds": replace this file)."""

from __future__ import annotations


def announce_voting_opened(*, round_id: int) -> int:
    raise NotImplementedError("part rounds")
