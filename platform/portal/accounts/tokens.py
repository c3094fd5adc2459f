"""The links of accounts: e-mail verification, and password (re)set keyed by public id.

Both are signed links of `tenants.signed_links` (the town's schema in the salt). Neither needs
a used-token record: each names a value that changes once the link has done its work — the
address it confirms, or the password (and last log-in) it replaces.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from tenants.signed_links import make_link_token, read_link_token

from .models import User

VERIFY_MAX_AGE = 60 * 60 * 24 * 7
VERIFY_PURPOSE = "accounts.verify"
PASSWORD_PURPOSE = "accounts.password"  # noqa: S105 (a purpose name)


def make_verification_token(user: User) -> str:
    return make_link_token(
        # A managed resident has no address to verify; the link then confirms nothing.
        purpose=VERIFY_PURPOSE,
        payload={"u": str(user.public_id), "e": user.email or ""},
    )


def read_verification_token(token: str) -> tuple[str, str] | None:
    """(public_id, email) of a valid, unexpired token, else None."""
    data = read_link_token(purpose=VERIFY_PURPOSE, token=token, max_age=VERIFY_MAX_AGE)
    if data is None or "u" not in data or "e" not in data:
        return None
    return data["u"], data["e"]


def _password_state(user: User) -> str:
    # Changes when the password is set or the person logs in: a used link stops working.
    # Keyed with the secret, so the token reveals nothing about the password hash.
    last_login = user.last_login.replace(microsecond=0, tzinfo=None) if user.last_login else ""
    value = f"{user.pk}|{user.password}|{last_login}|{user.email}"
    return salted_hmac("lq.accounts.password-state", value).hexdigest()[:32]


def make_password_token(user: User) -> str:
    """A link to choose a password, valid for PASSWORD_RESET_TIMEOUT and until used."""
    return make_link_token(
        purpose=PASSWORD_PURPOSE, payload={"u": str(user.public_id), "v": _password_state(user)}
    )


def check_password_token(user: User, token: str) -> bool:
    data = read_link_token(
        purpose=PASSWORD_PURPOSE, token=token, max_age=settings.PASSWORD_RESET_TIMEOUT
    )
    if data is None or data.get("u") != str(user.public_id):
        return False
    return constant_time_compare(data.get("v", ""), _password_state(user))
