"""A town module's pages and endpoints exist only in towns that switched the module on."""

from __future__ import annotations

from django.http import HttpRequest


def module_is_on(request: HttpRequest, module: str) -> bool:
    """True on a town host whose town has `module` switched on."""
    tenant = getattr(request, "tenant", None)
    return bool(tenant is not None and tenant.is_town and tenant.module_enabled(module))
