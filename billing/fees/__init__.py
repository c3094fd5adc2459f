"""The fund fee: the town's fee rule and the fee's postings on the ledger.

A plain package on top of `billing.ledger`, not an app: it has no tables of its own (every
amount lives in the ledger's entries), and the ledger stays the generic double-entry core
that the time bank uses too. `rules` is pure (no database), `services` posts and reverses
an order's fee once, `selectors` reads the fund and a provider's fees.
"""
