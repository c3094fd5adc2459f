"""Signed links for e-mails and hand-overs: the town's schema is part of every salt.

A token made in one town is worthless in another, even where the same person has an account
in both. Every link states its purpose (a verification token is no password token) and how
old it may be. `single_use=True` tokens carry a nonce and are remembered once read, so a
replay is refused; links that change state by themselves (a password hash, an address) put
that value into their payload instead and compare it when read.

It lives in `tenants/` (the bottom layer) so that everything above, the support link of
`tenants/support.py` included, can use the one helper.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping

from django.core import signing
from django.core.cache import cache

from .current import current_schema

_NONCE = "_n"


def _salt(purpose: str, schema: str | None) -> str:
    return f"lq.link.{purpose}.{schema or current_schema()}"


def make_link_token(
    *,
    purpose: str,
    payload: Mapping[str, str],
    single_use: bool = False,
    schema: str | None = None,
) -> str:
    """A URL-safe signed token for `payload`, valid for `purpose` in one town only.

    `schema` defaults to the current one; the operator site names the town it links into.
    """
    data = dict(payload)
    if _NONCE in data:
        raise ValueError(f"{_NONCE!r} is reserved for the single-use nonce.")
    if single_use:
        # Every token distinct, so using one never refuses a second, fresh one.
        data[_NONCE] = secrets.token_urlsafe(8)
    return signing.dumps(data, salt=_salt(purpose, schema), compress=True)


def read_link_token(
    *,
    purpose: str,
    token: str,
    max_age: int,
    single_use: bool = False,
    schema: str | None = None,
) -> dict[str, str] | None:
    """The payload of a genuine, fresh token made for `purpose` in this town, else None.

    With `single_use`, a token is accepted the first time only (the use is recorded in
    Redis with SET NX, so of two simultaneous uses exactly one wins).
    """
    try:
        data = signing.loads(token, salt=_salt(purpose, schema), max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        return None
    if single_use:
        if _NONCE not in data:
            return None
        if not cache.add(_used_key(purpose, token, schema), 1, timeout=max_age + 60):
            return None
    data.pop(_NONCE, None)
    return data


def link_token_used(*, purpose: str, token: str, schema: str | None = None) -> bool:
    """Whether a single-use token has been accepted already (without using it): a page that
    only shows what a link would do (mail scanners open links) must not use it up."""
    return cache.get(_used_key(purpose, token, schema)) is not None


def release_link_token(*, purpose: str, token: str, schema: str | None = None) -> None:
    """Make a single-use token usable again: the step it was used for was refused and
    changed nothing (its page shows why, and the same link may be sent again)."""
    cache.delete(_used_key(purpose, token, schema))


def _used_key(purpose: str, token: str, schema: str | None) -> str:
    digest = hashlib.sha256(token.encode()).hexdigest()
    return f"lq:used-link:{purpose}:{schema or current_schema()}:{digest}"
