"""`{% message_thread subject %}`: the messages of a help request or a ride and the form to
write one, for whoever may write there (the rides' pages include it with `subject=ride`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from ..forms import MessageForm
from ..models import HelpRequest, Ride
from ..services.messages import may_write

register = template.Library()


@register.inclusion_tag("volunteer/_messages.html", takes_context=True)
def message_thread(context: dict[str, Any], subject: HelpRequest | Ride) -> dict[str, Any]:
    user = context["request"].user
    if isinstance(subject, Ride):
        post_url = reverse("volunteer:ride_message", args=[subject.public_id])
        writes = may_write(user, ride=subject)
    else:
        post_url = reverse("volunteer:request_message", args=[subject.public_id])
        writes = may_write(user, request=subject)
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "thread": list(subject.messages.select_related("sender")),
        "form": MessageForm(),
        "post_url": post_url,
        "may_write": writes and subject.status != "cancelled",
        "user": user,
    }
