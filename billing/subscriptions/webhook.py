"""Stripe's webhooks, on the operator host only: `POST /billing/stripe/webhook/`.

The signature is checked on the raw body with the SDK (`stripe.Webhook.construct_event`),
with the timestamp tolerance of `STRIPE_WEBHOOK_TOLERANCE` seconds. A bad or missing
signature, a stale timestamp or a body that is not a JSON event is answered 400 and logged,
and changes nothing. A verified event is stored and applied once (`events.receive`); an
event for an object we do not know is answered 200 (Stripe would otherwise retry it for days)
and listed for the operators. With billing off (no secret) every delivery is a 400.
"""

from __future__ import annotations

import json
import logging

import stripe
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_tenants.utils import get_public_schema_name

from tenants.current import current_schema

from .events import receive

logger = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # Stripe's events are a few kB


def _refuse(request: HttpRequest, reason: str) -> HttpResponse:
    logger.warning(
        "stripe webhook refused: %s (from %s, %d bytes)",
        reason,
        request.META.get("REMOTE_ADDR", "?"),
        len(request.body),
    )
    return JsonResponse({"detail": reason}, status=400)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    if current_schema() != get_public_schema_name():
        raise Http404
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return _refuse(request, "billing is off: no webhook secret")
    if len(request.body) > MAX_BODY:
        return _refuse(request, "body too large")
    signature = request.headers.get("Stripe-Signature", "")
    try:
        event = stripe.Webhook.construct_event(
            request.body, signature, secret, tolerance=settings.STRIPE_WEBHOOK_TOLERANCE
        )
    except stripe.SignatureVerificationError as error:
        return _refuse(request, f"signature: {error.user_message or error}")
    except (ValueError, UnicodeDecodeError):
        return _refuse(request, "not a JSON event")
    payload = event.to_dict() if hasattr(event, "to_dict") else dict(event)
    if not isinstance(payload, dict) or not payload.get("id") or not payload.get("type"):
        return _refuse(request, "not a Stripe event")
    try:
        outcome = receive(json.loads(json.dumps(payload)))
    except Exception:
        # Our fault: Stripe retries, and the event is not stored (the transaction rolled back).
        logger.exception("stripe event %s could not be applied", payload.get("id"))
        return JsonResponse({"detail": "could not be applied, retry"}, status=500)
    return JsonResponse({"outcome": outcome})
