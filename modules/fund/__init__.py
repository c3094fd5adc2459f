"""The LQ Fonds: the town's community fund that every shop order's fee fills.

This first part shows the fund in public (its page and the home-page panel); every figure
is a sum of `billing.ledger` entries read through `billing.fees.selectors`. The module has
no tables yet: the voting on what the fund pays for comes in a later issue.
"""
