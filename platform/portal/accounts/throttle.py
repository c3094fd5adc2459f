"""Log-in attempts per address and per connection are limited, so passwords cannot be
guessed by trying.

Counts live in the cache (Redis), whose keys carry the schema: a town's counts never touch
another town's or the operator site's.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
from enum import Enum

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

MAX_FAILURES = 10
# One password tried over many accounts from one connection: each address sees one
# attempt, so the connection is counted too. Generous, because a household or an office
# shares one address; successful log-ins do not count.
MAX_ATTEMPTS_PER_IP = 50
WINDOW_SECONDS = 15 * 60


class Locked(Enum):
    ADDRESS = "address"
    CONNECTION = "connection"


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def _key(email: str) -> str:
    return f"lq:login-failures:{_digest(email)}"


def _ip_key(ip: str) -> str:
    return f"lq:login-ip:{_digest(ip)}"


def _count(key: str) -> int:
    """Add one to a counter that ends WINDOW_SECONDS after its first count, atomically
    (Redis SET NX, then INCR): parallel attempts each get their own number."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired or deleted (a success) between add and incr
        if cache.add(key, 1, WINDOW_SECONDS):
            return 1
        # another attempt made it again meanwhile: counting 1 here as well let two parallel
        # attempts share the first number, one check more than the limit
        return int(cache.incr(key))


def client_ip(request: HttpRequest | None) -> str:
    """The visitor's address; behind LQ_TRUSTED_PROXIES proxies, the one they saw."""
    if request is None:
        return ""
    proxies = int(getattr(settings, "LQ_TRUSTED_PROXIES", 0))
    if proxies > 0:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        hops = [h.strip() for h in forwarded.split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def begin_attempt(*, email: str, ip: str) -> Locked | None:
    """Count a log-in attempt before its password is checked; a reason when it must not be.

    Counting first is what makes the limit hold under parallel guesses: checking the count,
    then the password, then counting the failure let 40 simultaneous guesses all through.
    """
    over: Locked | None = None
    if email and _count(_key(email)) > MAX_FAILURES:
        over = Locked.ADDRESS
    if ip and _count(_ip_key(ip)) > MAX_ATTEMPTS_PER_IP and over is None:
        over = Locked.CONNECTION
    return over


def attempt_succeeded(*, email: str, ip: str) -> None:
    """The right password: the address starts afresh and the connection gets its try back."""
    cache.delete(_key(email))
    if ip:
        with suppress(ValueError):  # the window ended meanwhile
            cache.decr(_ip_key(ip))


def is_locked(email: str) -> bool:
    """True when this address has used up its attempts within the window."""
    return int(cache.get(_key(email), 0)) >= MAX_FAILURES


def clear_failures(email: str) -> None:
    cache.delete(_key(email))


MAILS_PER_HOUR = 5


def allow_mail(kind: str, email: str) -> bool:
    """At most MAILS_PER_HOUR reset or verification mails per address and hour, so that the
    portal cannot be used to flood someone's inbox; counts the attempt when allowed."""
    key = f"lq:mail-{kind}:{_digest(email)}"
    if cache.add(key, 1, 60 * 60):
        return True
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, 60 * 60)
        return True
    return int(sent) <= MAILS_PER_HOUR
