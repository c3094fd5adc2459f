"""Stripe's webhooks: verified on the raw body, stored once with their effect, forward only."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
import stripe
from django.db import connection

from billing.subscriptions.models import TownInvoice, TownSubscription, WebhookEvent
from tenants.models import Town
from tests.billing.stripe_server import TEST_WEBHOOK_SECRET, signed_event
from tests.conftest import TownClient

from .helpers import event, invoice, make_plan

URL = "/billing/stripe/webhook/"


@pytest.fixture
def secret(settings: Any) -> str:
    settings.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    return TEST_WEBHOOK_SECRET


@pytest.fixture
def subscription(db: None, town_a: Town) -> TownSubscription:
    return TownSubscription.objects.create(
        town=town_a,
        plan=make_plan(),
        inhabitants=5_400,
        billing_email="kasse@example.org",
        stripe_customer_id="cus_town_a",
        stripe_subscription_id="sub_town_a",
    )


def _post(client: TownClient, payload: dict[str, Any], **signing: Any) -> Any:
    body, header = signed_event(payload, **signing)
    return client.post(
        URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def _subscription_obj(status: str) -> dict[str, Any]:
    return {
        "id": "sub_town_a",
        "object": "subscription",
        "customer": "cus_town_a",
        "status": status,
        "current_period_end": int(time.time()) + 30 * 86_400,
        "metadata": {},
    }


def test_an_invoice_event_creates_the_towns_invoice(
    public_client: TownClient, secret: str, subscription: TownSubscription
) -> None:
    response = _post(
        public_client,
        event("invoice.finalized", invoice(id_="in_1", customer="cus_town_a", status="open")),
    )
    assert response.status_code == 200 and response.json() == {"outcome": "applied"}
    stored = TownInvoice.objects.get(stripe_invoice_id="in_1")
    assert stored.subscription == subscription and stored.status == "open"
    assert stored.amount_due_cents == 15_900


def test_paid_before_created_ends_paid(
    public_client: TownClient, secret: str, subscription: TownSubscription
) -> None:
    now = int(time.time())
    paid = event(
        "invoice.paid", invoice(id_="in_2", customer="cus_town_a", status="paid"), created=now
    )
    created = event(
        "invoice.created",
        invoice(id_="in_2", customer="cus_town_a", status="draft"),
        created=now - 10,
    )
    assert _post(public_client, paid).json() == {"outcome": "applied"}
    assert _post(public_client, created).json() == {"outcome": "stale"}
    stored = TownInvoice.objects.get(stripe_invoice_id="in_2")
    assert stored.status == "paid" and stored.paid_at is not None
    assert WebhookEvent.objects.filter(object_id="in_2").count() == 2


def test_subscription_updates_out_of_order_keep_the_newest(
    public_client: TownClient, secret: str, subscription: TownSubscription
) -> None:
    now = int(time.time())
    newer = event("customer.subscription.updated", _subscription_obj("active"), created=now)
    older = event("customer.subscription.updated", _subscription_obj("past_due"), created=now - 60)
    assert _post(public_client, newer).json() == {"outcome": "applied"}
    assert _post(public_client, older).json() == {"outcome": "stale"}
    subscription.refresh_from_db()
    assert subscription.status == "active"
    # and a cancellation is final, whatever comes after it
    cancelled = event(
        "customer.subscription.deleted", _subscription_obj("canceled"), created=now + 5
    )
    late = event("customer.subscription.updated", _subscription_obj("active"), created=now + 9)
    _post(public_client, cancelled)
    assert _post(public_client, late).json() == {"outcome": "stale"}
    subscription.refresh_from_db()
    assert subscription.status == "canceled"


@pytest.mark.django_db(transaction=True)
def test_the_same_event_ten_times_at_once_has_one_effect(
    secret: str, town_a: Town, settings: Any
) -> None:
    TownSubscription.objects.create(
        town=town_a,
        plan=make_plan(),
        inhabitants=10,
        billing_email="kasse@example.org",
        stripe_customer_id="cus_town_a",
    )
    payload = event(
        "invoice.paid", invoice(id_="in_3", customer="cus_town_a", status="paid"), id_="evt_10x"
    )
    body, header = signed_event(payload)
    answers: list[tuple[int, str]] = []
    start = threading.Barrier(10)

    def deliver() -> None:
        client = TownClient(HTTP_HOST=settings.LQ_BASE_DOMAIN)
        start.wait()
        try:
            response = client.post(
                URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
            )
            answers.append((response.status_code, response.json()["outcome"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == sorted([(200, "applied")] + [(200, "duplicate")] * 9)
    assert WebhookEvent.objects.filter(event_id="evt_10x").count() == 1
    assert TownInvoice.objects.filter(stripe_invoice_id="in_3").count() == 1


@pytest.mark.parametrize(
    "case", ["bad signature", "stale timestamp", "no signature", "not json", "other secret"]
)
def test_a_delivery_that_is_not_stripes_is_refused_and_logged(
    public_client: TownClient,
    secret: str,
    subscription: TownSubscription,
    caplog: pytest.LogCaptureFixture,
    case: str,
) -> None:
    payload = event("invoice.paid", invoice(id_="in_4", customer="cus_town_a", status="paid"))
    body, header = signed_event(payload)
    if case == "bad signature":
        header = header[:-4] + ("0000" if not header.endswith("0000") else "1111")
    elif case == "stale timestamp":
        body, header = signed_event(payload, timestamp=int(time.time()) - 3_600)
    elif case == "no signature":
        header = ""
    elif case == "not json":
        body = b"this is not json"
        header = stripe.WebhookSignature.generate_signature_header(
            body.decode(), TEST_WEBHOOK_SECRET
        )
    elif case == "other secret":
        body, header = signed_event(payload, secret="whsec_somebody_else")
    with caplog.at_level(logging.WARNING, logger="billing.subscriptions.webhook"):
        response = public_client.post(
            URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert not TownInvoice.objects.exists()
    assert any("stripe webhook refused" in record.getMessage() for record in caplog.records)


def test_an_event_for_an_unknown_customer_is_answered_200_without_effect(
    public_client: TownClient,
    secret: str,
    subscription: TownSubscription,
    caplog: pytest.LogCaptureFixture,
) -> None:
    payload = event("invoice.paid", invoice(id_="in_5", customer="cus_nobody", status="paid"))
    with caplog.at_level(logging.WARNING, logger="billing.subscriptions.events"):
        response = _post(public_client, payload)
    assert response.status_code == 200 and response.json() == {"outcome": "unknown"}
    assert not TownInvoice.objects.exists()
    stored = WebhookEvent.objects.get(event_id=payload["id"])
    assert stored.outcome == "unknown" and "no town" in stored.note
    assert any("unknown object" in record.getMessage() for record in caplog.records)


def test_an_invoice_for_an_unknown_town_or_kind_is_unknown(
    public_client: TownClient, secret: str
) -> None:
    for metadata in (
        {"lq_kind": "shop_fees", "lq_schema": "no_such_town"},
        {"lq_kind": "no_such_kind", "lq_schema": "public"},
    ):
        obj = invoice(id_="in_6", customer="cus_x", status="paid", metadata=metadata)
        assert _post(public_client, event("invoice.paid", obj)).json() == {"outcome": "unknown"}
    assert WebhookEvent.objects.filter(outcome="unknown").count() == 2


def test_other_event_types_are_stored_and_ignored(public_client: TownClient, secret: str) -> None:
    payload = event("charge.succeeded", {"id": "ch_1", "object": "charge"})
    assert _post(public_client, payload).json() == {"outcome": "ignored"}
    assert WebhookEvent.objects.get(event_id=payload["id"]).outcome == "ignored"


def test_billing_off_refuses_every_delivery(
    public_client: TownClient, settings: Any, subscription: TownSubscription
) -> None:
    settings.STRIPE_WEBHOOK_SECRET = ""
    payload = event("invoice.paid", invoice(id_="in_7", customer="cus_town_a", status="paid"))
    assert _post(public_client, payload).status_code == 400
    assert not WebhookEvent.objects.exists()


def test_the_webhook_is_not_on_a_towns_host(client_a: TownClient, secret: str) -> None:
    payload = event("invoice.paid", invoice(id_="in_8", customer="cus_town_a", status="paid"))
    body, header = signed_event(payload)
    response = client_a.post(
        URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    assert response.status_code == 404
    assert not WebhookEvent.objects.exists()
