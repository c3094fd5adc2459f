"""The town side of support access."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.requests import TownRequest
from tenants.middleware import SUPPORT_SESSION_KEY
from tenants.support import SESSION_SECONDS, use_support_token


def enter(request: TownRequest, token: str) -> HttpResponse:
    """Turn this browser's session on the town's host into a support session."""
    operator = use_support_token(token, schema_name=request.tenant.schema_name)
    if operator is None:
        return render(request, "operators/support_invalid.html", status=403)
    request.session.cycle_key()
    request.session[SUPPORT_SESSION_KEY] = operator
    request.session.set_expiry(SESSION_SECONDS)
    messages.info(
        request, _("Support mode: you are viewing this town as operator %(o)s.") % {"o": operator}
    )
    return redirect("home")


@require_POST
def leave(request: TownRequest) -> HttpResponse:
    request.session.pop(SUPPORT_SESSION_KEY, None)
    return redirect("home")
