"""Guards of the exchange's pages: the module must be switched on for the town."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpResponse

from portal.requests import TownRequest

View = Callable[..., HttpResponse]
MODULE = "exchange"


def exchange_enabled(view: View) -> View:
    """A town that has not switched the exchange on answers 404 on all its pages."""

    @wraps(view)
    def wrapped(request: TownRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if tenant is None or not tenant.is_town or not tenant.module_enabled(MODULE):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
