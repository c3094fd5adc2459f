"""Shared set-up of the subscription tests: a plan, a town attached to it, Stripe events."""

from __future__ import annotations

import itertools
import time
from typing import Any

from billing.subscriptions.models import Plan, TownSubscription
from billing.subscriptions.services import attach_plan
from tenants.models import Town

_ids = itertools.count(1)


def make_plan(**fields: Any) -> Plan:
    values: dict[str, Any] = {
        "slug": f"plan-{next(_ids)}",
        "name": "Gemeinde",
        "base_cents": 9_900,
        "band_cents": 1_000,
        "band_size": 1_000,
    }
    values.update(fields)
    return Plan.objects.create(**values)


def attach(town: Town, **fields: Any) -> TownSubscription:
    values: dict[str, Any] = {
        "plan": make_plan(),
        "inhabitants": 5_400,
        "billing_email": "kasse@example.org",
    }
    values.update(fields)
    return attach_plan(town=town, **values)


def event(
    type_: str, obj: dict[str, Any], *, created: int | None = None, id_: str = ""
) -> dict[str, Any]:
    """A Stripe event as its webhook carries it."""
    return {
        "id": id_ or f"evt_test_{next(_ids)}",
        "object": "event",
        "type": type_,
        "created": created or int(time.time()),
        "data": {"object": obj},
    }


def invoice(
    *, id_: str, customer: str, status: str, amount: int = 15_900, **rest: Any
) -> dict[str, Any]:
    return {
        "id": id_,
        "object": "invoice",
        "customer": customer,
        "status": status,
        "amount_due": amount,
        "amount_paid": amount if status == "paid" else 0,
        "currency": "eur",
        "created": int(time.time()) - 60,
        "metadata": {},
        **rest,
    }
