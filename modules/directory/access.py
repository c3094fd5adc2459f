"""The directory answers only in towns that switched it on."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from portal.module_access import module_required
from portal.requests import TownRequest

MODULE = "directory"
View = Callable[..., HttpResponse]


# 404 unless the town has the directory switched on.
directory_view = module_required(MODULE)


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
