"""The host -> town map, cached per process.

Default django-tenants routing queries the domain table on every request; caching the answer
for a few seconds removes that round trip. The process that changes a town forgets it at once
(`forget_towns`); other processes see the change within LQ_TOWN_CACHE_SECONDS.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings

from .models import Domain, Town

_lock = threading.Lock()
_by_host: dict[str, tuple[float, Town]] = {}


def normal_host(hostname: str) -> str:
    """The form domains are stored in: DNS names are case-insensitive, and `name.` (one
    trailing dot, the fully qualified form) is the same host as `name`."""
    return hostname.lower().removesuffix(".")


def town_for_host(hostname: str) -> Town:
    """The town (or the public site) a host name leads to; raises Domain.DoesNotExist."""
    hostname = normal_host(hostname)
    ttl = settings.LQ_TOWN_CACHE_SECONDS
    now = time.monotonic()
    cached = _by_host.get(hostname)
    if cached is not None and cached[0] > now:
        return cached[1]
    domain = Domain.objects.select_related("tenant").get(domain=hostname)
    town: Town = domain.tenant
    if ttl > 0:
        with _lock:
            _by_host[hostname] = (now + ttl, town)
    return town


def forget_towns() -> None:
    """Drop every cached host of this process (after a town's status or domains change)."""
    with _lock:
        _by_host.clear()
