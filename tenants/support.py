"""Support access: an operator enters a town (even a suspended one) through a signed link.

Operators live in the public schema and have no account in any town. The operator site signs
a short-lived token naming the town and the operator; the town host checks it and marks its
own (host-only) session as a support session. A token works once, in its own town, for two
minutes.
"""

from __future__ import annotations

from .signed_links import make_link_token, read_link_token

PURPOSE = "tenants.support"
MAX_AGE_SECONDS = 120
# How long a support session lasts on the town's host.
SESSION_SECONDS = 60 * 60 * 4


def make_support_token(*, schema_name: str, operator_email: str) -> str:
    """A single-use link into the town `schema_name` (made on the operator site)."""
    return make_link_token(
        purpose=PURPOSE, payload={"o": operator_email}, single_use=True, schema=schema_name
    )


def use_support_token(token: str, *, schema_name: str) -> str | None:
    """The operator's e-mail if the token is valid for this town, fresh and not used before."""
    data = read_link_token(
        purpose=PURPOSE,
        token=token,
        max_age=MAX_AGE_SECONDS,
        single_use=True,
        schema=schema_name,
    )
    return (data or {}).get("o") or None
