"""The e-mails of each step of an order (sent by tasks.send_order_event_mail).

TEMPORARY (issue 8 in progress): the request, acceptance, decline, question, confirmation,
completion, cancellation and expiry mails are being written on the `shop-requests` branch.
"""

from __future__ import annotations

from .models import OrderEvent


def send_event_mails(event: OrderEvent) -> None:
    """Queue the e-mails `event` calls for, in the town's branding."""
    return None  # TEMPORARY: see the module's docstring
