"""Support access: an operator enters a town (even a suspended one) through a signed link.

Operators live in the public schema and have no account in any town. The operator site signs
a short-lived token naming the town and the operator; the town host checks it and marks its
own (host-only) session as a support session.
"""

from __future__ import annotations

from django.core import signing

SALT = "lq.tenants.support"
MAX_AGE_SECONDS = 120


def make_support_token(*, schema_name: str, operator_email: str) -> str:
    return signing.dumps({"s": schema_name, "o": operator_email}, salt=SALT)


def read_support_token(token: str, *, schema_name: str) -> str | None:
    """The operator's e-mail if the token is valid for this town and fresh, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") != schema_name:
        return None
    return str(data.get("o") or "") or None
