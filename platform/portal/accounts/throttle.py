"""Failed log-ins per address are limited, so passwords cannot be guessed by trying.

Counts live in the cache (Redis), whose keys carry the schema: a town's counts never touch
another town's or the operator site's.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

MAX_FAILURES = 10
WINDOW_SECONDS = 15 * 60


def _key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"lq:login-failures:{digest}"


def is_locked(email: str) -> bool:
    """True when this address has failed too often within the window."""
    return int(cache.get(_key(email), 0)) >= MAX_FAILURES


def record_failure(email: str) -> None:
    key = _key(email)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)


def clear_failures(email: str) -> None:
    cache.delete(_key(email))


MAILS_PER_HOUR = 5


def allow_mail(kind: str, email: str) -> bool:
    """At most MAILS_PER_HOUR reset or verification mails per address and hour, so that the
    portal cannot be used to flood someone's inbox; counts the attempt when allowed."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    key = f"lq:mail-{kind}:{digest}"
    if cache.add(key, 1, 60 * 60):
        return True
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, 60 * 60)
        return True
    return int(sent) <= MAILS_PER_HOUR
