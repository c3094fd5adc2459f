"""The operator's billing tasks, in the public schema: reconciliation and dunning.

With billing off (no STRIPE_API_KEY) they log that and do nothing. Stripe unreachable: the
task fails loudly and Celery retries it with a growing delay.
"""

from __future__ import annotations

import logging

import stripe
from celery import shared_task

from portal.background import PublicTask

from .dunning import run_dunning
from .reconcile import reconcile
from .stripe_client import billing_enabled

logger = logging.getLogger(__name__)


@shared_task(
    base=PublicTask,
    name="billing.reconcile",
    autoretry_for=(stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError),
    retry_backoff=60,
    max_retries=6,
)
def reconcile_with_stripe() -> int:
    """Read Stripe again and repair; the number of repairs."""
    if not billing_enabled():
        logger.info("billing is off (no STRIPE_API_KEY): no reconciliation")
        return 0
    return reconcile().repaired


@shared_task(base=PublicTask, name="billing.town_dunning")
def town_dunning() -> int:
    """Flag and tell about town invoices unpaid past the grace period; how many were told."""
    if not billing_enabled():
        logger.info("billing is off (no STRIPE_API_KEY): no dunning")
        return 0
    return run_dunning()
