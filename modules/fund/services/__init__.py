"""Writes of the LQ Fonds, by topic: rounds (the phases), proposals, committee, ballots,
results, payouts, impact reports."""
