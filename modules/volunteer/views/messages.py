"""Posting to the thread of a help request or a ride."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.permissions import participation_required
from portal.forms_views import post_action
from portal.requests import TownRequest

from ..models import Ride
from ..selectors_requests import visible_request
from ..services.messages import mark_seen, may_write, send_message


@participation_required
@require_POST
def request_message(request: TownRequest, public_id: UUID) -> HttpResponse:
    found = visible_request(public_id=public_id, user=request.user)
    if found is None:
        raise Http404
    help_request, _parties = found
    mark_seen(request.user, help_request)
    return post_action(
        request,
        run=lambda: send_message(
            sender=request.user, body=request.POST.get("body", ""), request=help_request
        ),
        success=_("Your message has been sent."),
        redirect_to=help_request.get_absolute_url() + "#messages",
        show_refusal=True,
    )


@participation_required
@require_POST
def ride_message(request: TownRequest, public_id: UUID) -> HttpResponse:
    ride = (
        Ride.objects.select_related("service", "resident", "driver", "service__coordinator")
        .filter(public_id=public_id)
        .first()
    )
    if ride is None or not may_write(request.user, ride=ride):
        raise Http404
    mark_seen(request.user, ride)
    return post_action(
        request,
        run=lambda: send_message(sender=request.user, body=request.POST.get("body", ""), ride=ride),
        success=_("Your message has been sent."),
        redirect_to=ride.get_absolute_url() + "#messages",
        show_refusal=True,
    )
