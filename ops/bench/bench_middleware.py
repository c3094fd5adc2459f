"""Bench only: a fixed town for every request, loaded once, its schema set once."""

from __future__ import annotations

import os
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse


class FixedTownMiddleware:
    """Stands where TownRoutingMiddleware stands, without resolving anything per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from tenants.models import Town

        self.get_response = get_response
        self.town = Town.objects.get(schema_name=os.environ["LQ_BENCH_SCHEMA"])
        self.town.domain_url = os.environ["LQ_BENCH_HOST"]
        if hasattr(connection, "set_tenant"):  # django-tenants backend: set once, here
            connection.set_tenant(self.town)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.tenant = self.town  # type: ignore[attr-defined]
        return self.get_response(request)
