"""Who may use the town console: the town's administrators (and moderators for approvals)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from portal.requests import TownRequest

View = Callable[..., HttpResponse]


def town_admin_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: TownRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_town_admin:
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
