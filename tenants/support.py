"""Support access: an operator enters a town (even a suspended one) through a signed link.

Operators live in the public schema and have no account in any town. The operator site signs
a short-lived token naming the town and the operator; the town host checks it and marks its
own (host-only) session as a support session. A token works once, in its own town, for two
minutes.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing
from django.core.cache import cache

SALT = "lq.tenants.support"
MAX_AGE_SECONDS = 120
# How long a support session lasts on the town's host.
SESSION_SECONDS = 60 * 60 * 4


def make_support_token(*, schema_name: str, operator_email: str) -> str:
    # The nonce makes every link distinct, so single use never refuses a second, fresh link.
    payload = {"s": schema_name, "o": operator_email, "n": secrets.token_urlsafe(8)}
    return signing.dumps(payload, salt=SALT)


def read_support_token(token: str, *, schema_name: str) -> str | None:
    """The operator's e-mail if the token is valid for this town and fresh, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("s") != schema_name:
        return None
    return str(data.get("o") or "") or None


def use_support_token(token: str, *, schema_name: str) -> str | None:
    """Like read_support_token, but a token is accepted only the first time (no replay)."""
    operator = read_support_token(token, schema_name=schema_name)
    if operator is None:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    # cache.add is atomic in Redis (SET NX): of two uses of one token only one wins.
    if not cache.add(f"support-token:{digest}", 1, timeout=MAX_AGE_SECONDS + 5):
        return None
    return operator
