"""The one place that decides the town of a request, and what a town's state allows."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

import sentry_sdk
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import remove_www

from .models import Domain, Town
from .routing import normal_host, town_for_host

SUPPORT_SESSION_KEY = "lq_support_operator"


class TownRoutingMiddleware(TenantMainMiddleware):
    """Resolves the town from the host name (cached) and routes to its URLconf."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        # PostgreSQL refuses NUL in text: refuse it here, once, instead of a 500 deep inside.
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            message = "Bad request: the address contains a NUL character."
            if request.path.startswith("/api/"):  # the API's one error shape
                error = {"code": "invalid", "message": message, "fields": {}}
                return JsonResponse({"error": error}, status=400)
            return HttpResponseBadRequest(message)
        response: HttpResponse | None = super().process_request(request)
        return response

    @staticmethod
    def hostname_from_request(request: HttpRequest) -> str:
        # The normal form, so that the town's domain_url and the host cache never vary by case.
        hostname: str = remove_www(normal_host(request.get_host().split(":")[0]))
        return hostname

    def get_tenant(self, domain_model: type[Domain], hostname: str) -> Town:
        town = town_for_host(hostname)
        if town.status == Town.Status.ARCHIVED:
            raise Domain.DoesNotExist
        sentry_sdk.set_tag("town", town.schema_name)
        return town

    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse:
        # A plain page: never another town's portal, never the operator site.
        return render(request, "tenants/unknown_host.html", status=404)


class TownStatusMiddleware:
    """A suspended town shows residents a 503 page; operators in support mode pass."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        town: Town | None = getattr(request, "tenant", None)
        if (
            town is not None
            and town.status == Town.Status.SUSPENDED
            and not request.session.get(SUPPORT_SESSION_KEY)
            and not request.path.startswith("/support/")
        ):
            response: HttpResponse
            if request.path.startswith("/api/"):
                response = JsonResponse(
                    {
                        "error": {
                            "code": "town_suspended",
                            "message": _("This citizen portal is temporarily unavailable."),
                            "fields": {},
                        }
                    },
                    status=503,
                )
            else:
                response = render(
                    request, "tenants/suspended.html", {"town_name": town.name}, status=503
                )
            response["Retry-After"] = "3600"
            return response
        return self.get_response(request)


class TownLocaleMiddleware:
    """Activates the visitor's chosen language (cookie) or the town's, and the town's time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        town: Town | None = getattr(request, "tenant", None)
        available = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in available:
            chosen = town.default_language if town is not None else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = chosen
        # override, not activate: the thread's language must not outlive the request.
        with translation.override(chosen):
            if town is not None and town.is_town:
                timezone.activate(zoneinfo.ZoneInfo(town.time_zone))
            try:
                response = self.get_response(request)
            finally:
                timezone.deactivate()
        response.headers.setdefault("Content-Language", chosen)
        return response
