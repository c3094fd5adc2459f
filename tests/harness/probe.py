"""Sending every method to a route, and what the answer must look like."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Max, Model
from django.http import HttpResponse
from django.urls import reverse
from django_tenants.utils import tenant_context

from portal.registry import get_module, town_modules
from tenants.models import Town

from .routes import Route

ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
PAGE_METHODS = ("GET", "POST")
# URL arguments that are signed tokens rather than ids: another town's token must get the
# same answer as a made-up one (a refusal page), not necessarily a 404.
TOKEN_KWARGS = {"token"}
FORM = {"title": "x", "name": "x", "reason": "x", "body": "x", "minutes": "60"}


def url_for(route: Route, kwargs: dict[str, Any]) -> str:
    return reverse(route.name, kwargs=kwargs)


def made_up(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Arguments of the same shape that name nothing anywhere."""
    fake: dict[str, Any] = {}
    for key, value in kwargs.items():
        if isinstance(value, int):  # a year or a month names nothing by itself: kept
            fake[key] = value
            continue
        try:
            uuid.UUID(str(value))
        except ValueError:
            fake[key] = "nosuch-harness"
        else:
            fake[key] = uuid.uuid4()
    return fake


def send(client: Any, method: str, url: str) -> HttpResponse:
    if method in ("POST", "PUT", "PATCH"):
        return client.generic(
            method,
            url,
            _encode(FORM, json=url.startswith("/api/")),
            content_type="application/json" if url.startswith("/api/") else _FORM_TYPE,
        )
    response: HttpResponse = client.generic(method, url)
    return response


_FORM_TYPE = "application/x-www-form-urlencoded"


def _encode(data: dict[str, str], *, json: bool) -> str:
    if json:
        import json as _json

        return _json.dumps(data)
    from urllib.parse import urlencode

    return urlencode(data)


def is_login_redirect(response: HttpResponse) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and location.split("?")[0] == reverse(settings.LOGIN_URL)


def login_next(response: HttpResponse) -> str | None:
    """Where the login page sends the visitor back to (its `next=`), or None."""
    values = parse_qs(urlsplit(response.get("Location", "")).query).get("next")
    return values[0] if values else None


def refuses_method(response: HttpResponse, method: str) -> bool:
    """A 405 whose `Allow` header says the route does not take `method` at all."""
    allowed = {part.strip() for part in response.get("Allow", "").split(",") if part.strip()}
    return response.status_code == 405 and bool(allowed) and method not in allowed


def has_error_shape(response: HttpResponse) -> bool:
    try:
        body = response.json()  # type: ignore[attr-defined]
    except ValueError:
        return False
    error = body.get("error") if isinstance(body, dict) else None
    return isinstance(error, dict) and {"code", "message", "fields"} <= set(error)


def answer(response: HttpResponse) -> tuple[int, str]:
    """What a visitor learns from a response: status and where a redirect leads (no query)."""
    return response.status_code, response.get("Location", "").split("?")[0]


# Text fields that name or describe an object; what another town must never be shown.
_REVEALING = ("title", "name", "full_name", "email", "restaurant", "slug", "public_id", "code")


def town_secrets(town: Town) -> frozenset[str]:
    """Every name, title, address, slug and public id of the town's people and of its
    modules' objects: none of them may appear in what another town's people are shown."""
    labels = ["accounts", "behalf", "notifications", "letters"]
    labels += [apps.get_containing_app_config(m.app).label for m in town_modules()]  # type: ignore[union-attr]
    found: set[str] = set()
    with tenant_context(town):
        for label in labels:
            for model in apps.get_app_config(label).get_models():
                fields = [f.name for f in model._meta.concrete_fields if f.name in _REVEALING]
                for row in model._base_manager.values_list(*fields) if fields else ():
                    found.update(str(value) for value in row if value)
    # Short values (a code such as "AB12") could turn up in any page by chance.
    return frozenset(value for value in found if len(value) >= 8)


def revealed(response: HttpResponse, secrets: frozenset[str]) -> list[str]:
    """The secrets that the response's body shows."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[attr-defined]
    else:
        body = response.content.decode(errors="replace")
    return sorted(secret for secret in secrets if secret in body)


@cache
def _models_of(module: str | None) -> tuple[type[Model], ...]:
    labels = ["accounts", "branding", "notifications", "letters"]
    declared = get_module(module) if module else None
    if declared is not None:
        labels.append(apps.get_containing_app_config(declared.app).label)  # type: ignore[union-attr]
    return tuple(model for label in labels for model in apps.get_app_config(label).get_models())


def snapshot(towns: list[Town], module: str | None) -> dict[str, tuple[Any, ...]]:
    """Row counts and the latest `updated_at` of the module's (and accounts') tables."""
    state: dict[str, tuple[Any, ...]] = {}
    for town in towns:
        with tenant_context(town):
            for model in _models_of(module):
                fields = {field.name for field in model._meta.get_fields()}
                aggregates: dict[str, Any] = {"rows": Count("pk")}
                if "updated_at" in fields:
                    aggregates["updated"] = Max("updated_at")
                if "read_at" in fields:
                    aggregates["read"] = Max("read_at")
                values = model._base_manager.aggregate(**aggregates)
                state[f"{town.slug}:{model._meta.label}"] = tuple(values.values())
    return state
