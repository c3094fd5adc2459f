"""Liveness and readiness, answered before any town is resolved (probes come by IP)."""

from __future__ import annotations

from collections.abc import Callable

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

# Probes of the orchestrator reach pods by IP, not by a town's host name.
HEALTH_PATHS = frozenset({"/healthz", "/readyz"})


class HealthCheckMiddleware:
    """The first middleware: probes are answered before the host is checked or a town is
    resolved, so a pod reached by its IP is healthy without being a town."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in HEALTH_PATHS:
            return health_response(request)
        return self.get_response(request)


def health_response(request: HttpRequest) -> JsonResponse:
    """/healthz: the process answers. /readyz: PostgreSQL and Redis answer too."""
    if request.path == "/healthz":
        return JsonResponse({"status": "ok"})
    checks = {"database": _check_database(), "redis": _check_redis()}
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503
    )
    response["Cache-Control"] = "no-store"
    return response


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure means "not ready"
        return f"error: {type(exc).__name__}"
    return "ok"


def _check_redis() -> str:
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2
    )
    try:
        client.ping()
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    finally:
        client.close()
    return "ok"
