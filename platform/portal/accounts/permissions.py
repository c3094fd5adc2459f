"""Guards other modules put on their views and API endpoints.

HTML views:
    @participation_required            logged in, active, approved, e-mail confirmed
    @role_required(Role.PROVIDER, …)   logged in and holding one of the roles

API (DRF permission classes):
    permission_classes = [CanParticipate]            or CanParticipateOrReadOnly
    permission_classes = [HasRole(Role.MODERATOR)]

A town administrator passes every moderator check (see models.IMPLIED_ROLES). Anonymous
visitors are sent to the login page (HTML) or get 401/403 (API); logged-in people who may not
pass get a 403 page or error that says why in plain words.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from .models import ParticipationBlock, Role, User

View = Callable[..., HttpResponseBase]  # a page, a redirect or a streamed file


def _logged_in_user(request: HttpRequest | Request) -> User | None:
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        return user
    return None


def _role_labels(roles: tuple[str, ...]) -> list[str]:
    labels = dict(Role.choices)
    return [str(labels.get(role, role)) for role in roles]


def _check_roles(roles: tuple[str, ...]) -> None:
    unknown = set(roles) - set(Role.values)
    if not roles or unknown:
        raise ValueError(f"role_required needs known roles, got {roles!r}")


def _refuse_participation(request: HttpRequest, block: ParticipationBlock) -> HttpResponse:
    return render(
        request,
        "accounts/participation_refused.html",
        {"reason": block.value, "reason_text": block.label},
        status=403,
    )


def participation_required(view: View) -> View:
    """Only people who may post, request or vote reach `view`; others learn why (403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = _logged_in_user(request)
        if user is None:
            return redirect_to_login(request.get_full_path())
        block = user.participation_block
        if block is not None:
            return _refuse_participation(request, block)
        return view(request, *args, **kwargs)

    return wrapped


def role_required(*roles: str) -> Callable[[View], View]:
    """Only logged-in people holding at least one of `roles` reach the view; others get 403."""
    _check_roles(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = _logged_in_user(request)
            if user is None:
                return redirect_to_login(request.get_full_path())
            if user.participation_block == ParticipationBlock.BLOCKED:
                return _refuse_participation(request, ParticipationBlock.BLOCKED)
            if not any(user.has_role(role) for role in roles):
                return render(
                    request,
                    "accounts/role_refused.html",
                    {"needed_roles": _role_labels(roles)},
                    status=403,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class CanParticipate(BasePermission):
    """Logged in, active, approved and with a confirmed e-mail address."""

    message = ""
    code = "cannot_participate"

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = _logged_in_user(request)
        if user is None:
            # DRF answers NotAuthenticated for anonymous visitors on its own.
            return False
        block = user.participation_block
        if block is None:
            return True
        # DRF makes a new permission object per request, so this state is the request's own.
        self.message = str(block.label)
        self.code = f"participation_{block.value}"
        return False


class CanParticipateOrReadOnly(CanParticipate):
    """Everyone may read; only people who may take part may write."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().has_permission(request, view)


def HasRole(*roles: str) -> type[BasePermission]:  # named like the class it makes
    """A permission class that lets through logged-in people holding one of `roles`."""
    _check_roles(roles)

    class _HasRole(BasePermission):
        code = "role_required"

        @property
        def message(self) -> str:
            # Built per request, so that it is in the visitor's language.
            return _("This is only for: %(roles)s.") % {"roles": ", ".join(_role_labels(roles))}

        def has_permission(self, request: Request, view: APIView) -> bool:
            user = _logged_in_user(request)
            if user is None or user.participation_block == ParticipationBlock.BLOCKED:
                return False
            return any(user.has_role(role) for role in roles)

    _HasRole.__name__ = _HasRole.__qualname__ = "HasRole_" + "_".join(roles)
    return _HasRole


def require_moderator(user: Any) -> None:
    """For services: PermissionDenied unless `user` is an active moderator (or administrator)."""
    if not (user.is_authenticated and user.is_active and user.is_moderator):
        raise PermissionDenied(_("Only the town's moderators can do this."))
