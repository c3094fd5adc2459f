"""A town module's pages and endpoints exist only in towns that switched the module on."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def module_is_on(request: HttpRequest, module: str) -> bool:
    """True on a town host whose town has `module` switched on."""
    tenant = getattr(request, "tenant", None)
    return bool(tenant is not None and tenant.is_town and tenant.module_enabled(module))


def module_required(module: str) -> Callable[[View], View]:
    """View decorator: 404 (as if the page did not exist) where the module is off."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not module_is_on(request, module):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
