"""Puts the current town and its branding into every template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def town(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    if tenant is None or not tenant.is_town:
        return {"town": None, "branding": None}
    from .selectors import current_branding

    if not hasattr(request, "_lq_branding"):
        request._lq_branding = current_branding()  # type: ignore[attr-defined]
    return {"town": tenant, "branding": request._lq_branding}  # type: ignore[attr-defined]
