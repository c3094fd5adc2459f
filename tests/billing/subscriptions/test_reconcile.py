"""The reconciliation repairs what lost webhooks left behind, and lists what it cannot."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import stripe
from django.core import mail
from django.utils import timezone

from billing.subscriptions import dunning
from billing.subscriptions.models import Mismatch, TownInvoice, TownSubscription
from billing.subscriptions.reconcile import reconcile
from billing.subscriptions.services import apply_town_invoice
from billing.subscriptions.stripe_client import options
from billing.subscriptions.tasks import reconcile_with_stripe
from tenants.models import Town

from .helpers import attach, invoice, make_plan


@pytest.mark.django_db(transaction=True)
def test_it_finds_the_invoices_no_webhook_told_us_of(stripe_fake: str, town_a: Town) -> None:
    # given a town whose subscription's first invoice Stripe made and charged, and none of
    # the webhooks reached us (the tests register no webhook with the fake)
    subscription = attach(town_a)
    assert not TownInvoice.objects.exists()
    report = reconcile()
    (stored,) = TownInvoice.objects.all()
    assert stored.subscription == subscription
    assert stored.status == "paid"
    assert stored.amount_due_cents == subscription.plan.price_for(subscription.inhabitants)
    assert report.repaired >= 1 and report.mismatches == []
    # a second run repairs nothing and finds the same
    again = reconcile()
    assert again.repaired == 0 and again.mismatches == []
    assert TownInvoice.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_what_it_cannot_repair_is_listed_once(stripe_fake: str, town_a: Town) -> None:
    subscription = attach(town_a)
    # an invoice we hold as open that Stripe never had
    TownInvoice.objects.create(
        stripe_invoice_id="in_lost",
        subscription=subscription,
        status="open",
        amount_due_cents=100,
        created=timezone.now(),
    )
    # and an invoice in Stripe for a town that does not exist
    extra = options()
    customer = stripe.Customer.create(email="fremd@example.org", **extra)
    stripe.InvoiceItem.create(customer=customer.id, amount=500, currency="eur", **extra)
    stranger = stripe.Invoice.create(
        customer=customer.id, metadata={"lq_kind": "shop_fees", "lq_schema": "nowhere"}, **extra
    )
    reconcile()
    reconcile()
    open_ones = {(m.kind, m.stripe_id) for m in Mismatch.objects.filter(resolved_at=None)}
    assert open_ones == {("missing-in-stripe", "in_lost"), ("unknown-invoice", stranger.id)}
    assert Mismatch.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_task_does_nothing_with_billing_off(settings: Any, town_a: Town) -> None:
    settings.STRIPE_API_KEY = ""
    assert reconcile_with_stripe.apply().get() == 0
    assert not Mismatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_stripe_down_fails_the_run_loudly(stripe_fake: str, settings: Any, town_a: Town) -> None:
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    with pytest.raises(stripe.APIConnectionError):
        reconcile()


def _overdue(town: Town, *, days: int) -> TownInvoice:
    subscription = TownSubscription.objects.create(
        town=town,
        plan=make_plan(),
        inhabitants=10,
        billing_email="kasse@example.org",
        stripe_customer_id=f"cus_{town.slug}",
    )
    return TownInvoice.objects.create(
        stripe_invoice_id=f"in_{town.slug}",
        subscription=subscription,
        status="open",
        amount_due_cents=12_345,
        created=timezone.now() - timedelta(days=days + 30),
        due_at=timezone.now() - timedelta(days=days),
    )


def test_an_invoice_unpaid_past_the_grace_period_flags_and_tells_once(
    db: None,
    town_a: Town,
    town_b: Town,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    django_user_model: Any,
) -> None:
    settings.BILLING_DUNNING_GRACE_DAYS = 14
    # the town's mail is written in its language (the test towns speak English; A: German)
    Town.objects.filter(pk=town_a.pk).update(default_language="de")
    town_a.refresh_from_db()
    django_user_model.objects.create_user(
        email="betrieb@example.org", password="x" * 20, is_staff=True
    )
    late = _overdue(town_a, days=15)
    _overdue(town_b, days=13)  # within the grace period
    with django_capture_on_commit_callbacks(execute=True):
        assert dunning.run_dunning() == 1
    late.subscription.refresh_from_db()
    assert late.subscription.dunning_since is not None
    assert TownSubscription.objects.get(town=town_b).dunning_since is None
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(["betrieb@example.org", "kasse@example.org"])
    town_mail = next(m for m in mail.outbox if "kasse@example.org" in m.to)
    assert "123,45" in town_mail.body and "noch nicht bezahlt" in town_mail.body
    # told once
    with django_capture_on_commit_callbacks(execute=True):
        assert dunning.run_dunning() == 0
    assert len(mail.outbox) == 2
    # paid: the flag goes; the town was never suspended
    apply_town_invoice(
        invoice(
            id_=late.stripe_invoice_id, customer=f"cus_{town_a.slug}", status="paid", amount=12_345
        ),
        event_type="invoice.paid",
        seen_at=timezone.now(),
    )
    late.subscription.refresh_from_db()
    assert late.subscription.dunning_since is None
    town_a.refresh_from_db()
    assert town_a.status == Town.Status.ACTIVE
