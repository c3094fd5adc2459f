"""create_once: one object in Stripe per key, whatever fails between us and Stripe."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from billing.subscriptions.models import StripeRecord
from billing.subscriptions.stripe_client import BillingOff, create_once, metadata_of, options

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "kasse@example.org"


def _customers() -> list[Any]:
    return list(stripe.Customer.list(email=EMAIL, **options()).data)


def _find(key: str) -> str | None:
    return next((c.id for c in _customers() if metadata_of(c).get("lq_key") == key), None)


def _create(extra: dict[str, Any]) -> Any:
    return stripe.Customer.create(email=EMAIL, metadata={"lq_key": "town:t:customer"}, **extra)


def test_a_second_call_returns_the_first_object_without_calling(stripe_fake: str) -> None:
    first = create_once(key="town:t:customer", kind="customer", create=_create, find=_find)
    calls: list[str] = []
    again = create_once(
        key="town:t:customer",
        kind="customer",
        create=lambda extra: calls.append("create"),
        find=lambda key: calls.append("find"),  # type: ignore[func-returns-value]
    )
    assert again == first and calls == []
    assert len(_customers()) == 1


def test_a_timeout_after_stripe_made_it_is_retried_into_the_same_object(
    stripe_fake: str,
) -> None:
    # given Stripe creates the customer but the answer never reaches us
    keys: list[str] = []

    def create_then_time_out(extra: dict[str, Any]) -> Any:
        keys.append(extra["idempotency_key"])
        _create(extra)
        raise stripe.APIConnectionError("timed out")

    def create_again(extra: dict[str, Any]) -> Any:
        keys.append(extra["idempotency_key"])
        return _create(extra)

    with pytest.raises(stripe.APIConnectionError):
        create_once(key="town:t:customer", kind="customer", create=create_then_time_out, find=_find)
    record = StripeRecord.objects.get(key="town:t:customer")
    assert record.state == StripeRecord.State.PENDING and record.attempts == 1
    # when the task is retried
    stripe_id = create_once(key="town:t:customer", kind="customer", create=create_again, find=_find)
    # then it found the customer Stripe had made: still one (localstripe ignores the
    # Idempotency-Key header, so only our record prevents the second)
    assert [c.id for c in _customers()] == [stripe_id]
    record.refresh_from_db()
    assert record.state == StripeRecord.State.DONE and record.stripe_id == stripe_id
    # the first call carried our key; the retry found the object and did not create again
    assert keys == ["town:t:customer"]


def test_a_failure_before_stripe_made_it_creates_it_on_the_retry(stripe_fake: str) -> None:
    def refuse(extra: dict[str, Any]) -> Any:
        raise stripe.APIConnectionError("connection refused")

    with pytest.raises(stripe.APIConnectionError):
        create_once(key="town:t:customer", kind="customer", create=refuse, find=_find)
    keys: list[str] = []

    def create(extra: dict[str, Any]) -> Any:
        keys.append(extra["idempotency_key"])
        return _create(extra)

    stripe_id = create_once(key="town:t:customer", kind="customer", create=create, find=_find)
    assert [c.id for c in _customers()] == [stripe_id]
    # the retry's create carries the same idempotency key, so real Stripe would answer the
    # first object even if the first request had reached it
    assert keys == ["town:t:customer"]


def test_it_refuses_to_run_inside_a_transaction(stripe_fake: str) -> None:
    from django.db import transaction

    with transaction.atomic(), pytest.raises(RuntimeError):
        create_once(key="k", kind="customer", create=_create, find=_find)
    assert not StripeRecord.objects.exists()


def test_without_a_key_billing_is_off(settings: Any) -> None:
    settings.STRIPE_API_KEY = ""
    with pytest.raises(BillingOff):
        options()
