"""The console's moderation queue: reported and waiting content of every enabled module."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal.moderation.models import REASON_MAX
from portal.moderation.queue import ACTIONS, provider_of, queue_for
from portal.requests import TownRequest

from . import selectors
from .permissions import moderator_required

DONE = {
    "hide": gettext_lazy("It is hidden now."),
    "restore": gettext_lazy("It is visible again."),
    "dismiss": gettext_lazy("The reports are closed; nothing was changed."),
    "approve": gettext_lazy("It is approved and public now."),
    "reject": gettext_lazy("It has been rejected; the author has been told the reason."),
}


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for name in ACTIONS])
    reason = forms.CharField(required=False, max_length=REASON_MAX, strip=True)


@moderator_required
@require_GET
def queue(request: TownRequest) -> HttpResponse:
    return render(
        request,
        "console/moderation.html",
        {
            "section": "moderation",
            "moderation_links": selectors.moderation_links(request.tenant),
            "items": queue_for(request.tenant),
            "reason_max": REASON_MAX,
        },
    )


@moderator_required
@require_POST
def act(request: TownRequest, module: str, kind: str, public_id: UUID) -> HttpResponse:
    """Run one action on one item, then back to the queue with what happened."""
    try:
        provider = provider_of(request.tenant, module)
    except LookupError as exc:
        raise Http404 from exc
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose an action and keep the reason short."))
        return redirect("console:moderation")
    action = form.cleaned_data["action"]
    try:
        provider.act(
            kind=kind,
            public_id=public_id,
            action=action,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
        )
    except LookupError as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(DONE[action]))
    return redirect("console:moderation")
