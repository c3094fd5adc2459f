"""The directory answers only in towns that switched it on."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from portal.requests import TownRequest

MODULE = "directory"
View = Callable[..., HttpResponse]


def module_enabled(request: Any) -> bool:
    tenant = getattr(request, "tenant", None)
    return bool(tenant is not None and tenant.is_town and tenant.module_enabled(MODULE))


def directory_view(view: View) -> View:
    """404 unless the town has the directory switched on."""

    @wraps(view)
    def wrapped(request: TownRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not module_enabled(request):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def participation_required(view: View) -> View:
    """Logged in, and allowed to take part (active and verified)."""

    @wraps(view)
    def wrapped(request: TownRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.can_participate:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def moderator_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: TownRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_moderator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def town_admin_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: TownRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_town_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
