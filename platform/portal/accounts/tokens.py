"""Signed links: e-mail verification, and password (re)set keyed by public id, not by pk.

The town's schema is part of every salt: a link made in one town is worthless in another,
even where the same person has an account in both.
"""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing

from tenants.current import current_schema

from .models import User

VERIFY_MAX_AGE = 60 * 60 * 24 * 7


def _verify_salt() -> str:
    return f"lq.accounts.verify.{current_schema()}"


def make_verification_token(user: User) -> str:
    return signing.dumps({"u": str(user.public_id), "e": user.email}, salt=_verify_salt())


def read_verification_token(token: str) -> tuple[str, str] | None:
    """(public_id, email) of a valid, unexpired token, else None."""
    try:
        data = signing.loads(token, salt=_verify_salt(), max_age=VERIFY_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or "u" not in data or "e" not in data:
        return None
    return str(data["u"]), str(data["e"])


class _TownPasswordTokenGenerator(PasswordResetTokenGenerator):
    """Django's one-time password token (it changes once the password or last login does),
    valid for PASSWORD_RESET_TIMEOUT, salted with the town's schema."""

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{current_schema()}{user.public_id}{super()._make_hash_value(user, timestamp)}"


password_token_generator = _TownPasswordTokenGenerator()


def make_password_token(user: User) -> str:
    return password_token_generator.make_token(user)


def check_password_token(user: User, token: str) -> bool:
    return password_token_generator.check_token(user, token)
