"""Who used the portal on which day: one cheap row per person and day.

The middleware writes a `SeenDay` at most once a day per person: a cache entry (keys carry
the town's schema) remembers that today's row exists, so a person's other requests of the
day cost one cache look-up and no query. `INSERT ... ON CONFLICT DO NOTHING` keeps two
parallel first requests (or a flushed cache) from failing or counting twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tenants.current import current_town

from .models import SeenDay

DAY_SECONDS = 24 * 60 * 60


def record_seen(*, user_id: int, day: date) -> None:
    """Note that person `user_id` used the portal on `day` (at most one write a day)."""
    if cache.add(f"lq-seen:{user_id}:{day.isoformat()}", 1, timeout=DAY_SECONDS):
        SeenDay.objects.bulk_create([SeenDay(user_id=user_id, day=day)], ignore_conflicts=True)


class SeenDayMiddleware:
    """Records that the logged-in person of a town used the portal today."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and current_town() is not None:
            record_seen(user_id=user.pk, day=timezone.localdate())
        return self.get_response(request)
