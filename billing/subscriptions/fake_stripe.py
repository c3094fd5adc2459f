"""What only the fake Stripe (localstripe) needs: a test card on a customer.

localstripe charges a subscription's first invoice at once and pays an invoice only from a
card, where real Stripe sends the invoice (collection by bank transfer). The demo and the
tests give their fake customers the card that always succeeds. Refused against real Stripe.
"""

from __future__ import annotations

import stripe
from django.conf import settings

from .stripe_client import options


def attach_test_card(customer_id: str) -> str:
    """Give a fake-Stripe customer the always-succeeding card 4242…; its payment method id."""
    if not settings.STRIPE_IS_FAKE:
        raise RuntimeError("test cards exist only on the fake Stripe")
    extra = options()
    method = stripe.PaymentMethod.create(
        type="card",
        card={"number": "4242424242424242", "exp_month": 12, "exp_year": 2035, "cvc": "123"},
        **extra,
    )
    stripe.PaymentMethod.attach(method.id, customer=customer_id, **extra)
    stripe.Customer.modify(
        customer_id, invoice_settings={"default_payment_method": method.id}, **extra
    )
    return str(method.id)
