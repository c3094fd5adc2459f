"""Forward-only states of Stripe objects, one rule for webhooks and the reconciliation.

An invoice moves draft -> open -> (uncollectible) -> paid or void; once paid or void it never
changes. A subscription's status can go back and forth in Stripe (active -> past_due ->
active), so there the rule is time: a reading older than the one we hold is ignored, and
"canceled" (and "incomplete_expired") is final.
"""

from __future__ import annotations

from datetime import datetime

INVOICE_RANK = {"draft": 0, "open": 1, "uncollectible": 2, "paid": 3, "void": 3}
FINAL_INVOICE = {"paid", "void"}
FINAL_SUBSCRIPTION = {"canceled", "incomplete_expired"}


def invoice_moves(current: str, new: str) -> bool:
    """True if an invoice in `current` may take `new` (an unknown status never applies)."""
    if new not in INVOICE_RANK:
        return False
    if not current:
        return True
    if current in FINAL_INVOICE:
        return False
    return INVOICE_RANK[new] > INVOICE_RANK.get(current, -1)


def subscription_moves(
    current: str, current_at: datetime | None, new: str, new_at: datetime
) -> bool:
    """True if a subscription status read at `new_at` replaces the one read at `current_at`."""
    if not current or current_at is None:
        return True
    if current in FINAL_SUBSCRIPTION:
        return False
    return new_at > current_at or (new_at == current_at and new in FINAL_SUBSCRIPTION)
