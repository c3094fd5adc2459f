"""The second log-in step, enforced in one place for every page and the API.

A middleware rather than a login view: the operator site's and the towns' log-in views
stay what they are (and may move); whoever has a password session but still owes a code is
sent to the code page here.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from tenants.current import current_town

from .two_factor import admins_need_two_factor, confirmed_device

# Where a person who owes the second step may still go.
_OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/logout/", "/i18n/")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            step = self._step_owed(request)
            if step is not None and not self._open(request.path):
                return self._send_to(request, step)
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        static = str(getattr(settings, "STATIC_URL", "/static/"))
        return path.startswith(_OPEN_PREFIXES) or path.startswith(static)

    @staticmethod
    def _step_owed(request: HttpRequest) -> str | None:
        user = request.user
        if confirmed_device(user) is not None:  # type: ignore[arg-type]
            return "two_factor:verify"
        if current_town() is None and getattr(user, "is_staff", False):
            return "two_factor:setup"  # operators must set it up
        # Where the town requires it, an administrator sets it up before anything else: an
        # administrator's powers reach beyond the console (moderation pages, the API).
        # Their own account pages stay open, so they can set it up or log out.
        if (
            getattr(user, "is_town_admin", False)
            and not request.path.startswith("/accounts/")
            and admins_need_two_factor()
        ):
            return "two_factor:setup"
        return None

    @staticmethod
    def _send_to(request: HttpRequest, step: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            message = _("Please finish logging in with the code from your app.")
            return JsonResponse(
                {"error": {"code": "two_factor_required", "message": message, "fields": {}}},
                status=403,
            )
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(step)}?{query}")
