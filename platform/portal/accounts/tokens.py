"""Signed links: e-mail verification, and password (re)set keyed by public id, not by pk."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core import signing

from tenants.current import current_schema

from .models import User

VERIFY_MAX_AGE = 60 * 60 * 24 * 7


def _verify_salt() -> str:
    # The schema is part of the salt: a link of one town is worthless in another.
    return f"lq.accounts.verify.{current_schema()}"


def make_verification_token(user: User) -> str:
    return signing.dumps({"u": str(user.public_id), "e": user.email}, salt=_verify_salt())


def read_verification_token(token: str) -> tuple[str, str] | None:
    """(public_id, email) of a valid, unexpired token, else None."""
    try:
        data = signing.loads(token, salt=_verify_salt(), max_age=VERIFY_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or "u" not in data or "e" not in data:
        return None
    return str(data["u"]), str(data["e"])


def make_password_token(user: User) -> str:
    return default_token_generator.make_token(user)


def check_password_token(user: User, token: str) -> bool:
    return default_token_generator.check_token(user, token)
