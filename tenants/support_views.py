"""The town side of support access."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.requests import TownRequest

from .middleware import SUPPORT_SESSION_KEY
from .support import read_support_token


def enter(request: TownRequest, token: str) -> HttpResponse:
    operator = read_support_token(token, schema_name=request.tenant.schema_name)
    if operator is None:
        return render(request, "tenants/support_invalid.html", status=403)
    request.session.cycle_key()
    request.session[SUPPORT_SESSION_KEY] = operator
    messages.info(
        request, _("Support mode: you are viewing this town as operator %(o)s.") % {"o": operator}
    )
    return redirect("home")


@require_POST
def leave(request: TownRequest) -> HttpResponse:
    request.session.pop(SUPPORT_SESSION_KEY, None)
    return redirect("home")
