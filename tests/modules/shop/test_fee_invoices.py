"""The providers' monthly fee invoices in Stripe (the local fake): one invoice per provider and
month with a line per fee and a negative line per reversal, made once even when a run dies
midway, paid through a webhook or found paid by the reconciliation, and the ledger's
receivables equal to the open invoices afterwards.

These tests commit (the Stripe calls must run outside a transaction), so each provisions its
own town and drops it at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any

import pytest
import stripe
from celery.exceptions import Retry
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from billing.fees.selectors import provider_fees_for_month
from billing.fees.services import payment_key, post_order_fee, reverse_order_fee
from billing.ledger.models import Transaction
from billing.subscriptions.reconcile import reconcile
from billing.subscriptions.stripe_client import as_dict, options
from modules.shop.models import Offer, Provider
from modules.shop.models_invoices import ProviderInvoice
from modules.shop.selectors_invoices import open_invoices, receivables_check
from modules.shop.services import invoices as invoicing
from modules.shop.services.invoice_notices import tell_overdue_providers
from modules.shop.services.invoices import invoice_month, previous_month
from modules.shop.statements import Month
from modules.shop.tasks import invoice_fees
from portal.letters.periods import town_zone
from tenants.models import Domain, Module, Town
from tests.billing.stripe_server import signed_event
from tests.billing.subscriptions.helpers import event
from tests.conftest import TownClient
from tests.factories import UserFactory
from tests.factories.shop import OfferFactory, ProviderFactory, make_order

pytestmark = pytest.mark.django_db(transaction=True)

WEBHOOK = "/billing/stripe/webhook/"
State = ProviderInvoice.State


@pytest.fixture
def fee_town(towns: dict[str, Town], stripe_fake: str) -> Iterator[Town]:
    from portal.operators.services import provision_town

    town = provision_town(
        slug="gebuehren",
        name="Gebührenstadt",
        admin_email="admin@gebuehren.example",
        default_language="de",
        enabled_modules=list(Module.values),
    )
    try:
        yield town
    finally:
        connection.set_schema_to_public()
        Domain.objects.filter(tenant=town).delete()
        town.delete(force_drop=True)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{town.schema_name}" CASCADE')


def _mid(month: Month, day: int = 12) -> datetime:
    return datetime.combine(month.first_day.replace(day=day), time(11), tzinfo=town_zone())


def _provider(name: str, slug: str, **fields: Any) -> Provider:
    owner = UserFactory(email=f"inhaber@{slug}.example")
    provider = ProviderFactory(name=name, slug=slug, owner=owner, created_by=owner, **fields)
    Provider.objects.filter(pk=provider.pk).update(created_at=timezone.now() - timedelta(days=200))
    provider.refresh_from_db()
    return provider


def _orders(provider: Provider, count: int) -> list[str]:
    """`count` real orders of the provider; their keys (as the shop posts fees under)."""
    offer: Offer = OfferFactory(provider=provider, title="Fenster putzen")
    resident = UserFactory(email=f"kunde-{provider.slug}@example.org")
    return [str(make_order(offer=offer, resident=resident).public_id) for _n in range(count)]


def _fees(provider: Provider, keys: list[str], month: Month, *, cents: int = 250) -> None:
    for n, key in enumerate(keys):
        post_order_fee(
            order_key=key,
            provider_key=str(provider.public_id),
            amount_cents=cents,
            at=_mid(month, day=3 + n),
        )


def _stripe_lines(stripe_id: str) -> list[int]:
    invoice = as_dict(stripe.Invoice.retrieve(stripe_id, **options()))
    return sorted(int(line["amount"]) for line in invoice["lines"]["data"])


def _pay(stripe_id: str) -> dict[str, Any]:
    """The provider pays the invoice (the fake's customers have a test card, as a provider
    pays on Stripe's hosted invoice page)."""
    return as_dict(stripe.Invoice.pay(stripe_id, **options()))


def _count(lister: Any) -> int:
    return len(lister(limit=100, **options()).data)


def _deliver(payload: dict[str, Any]) -> Any:
    from django.conf import settings

    body, header = signed_event(payload)
    client = TownClient(HTTP_HOST=settings.LQ_BASE_DOMAIN)
    return client.post(
        WEBHOOK, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def test_a_month_becomes_one_invoice_with_a_line_per_fee_and_a_reversal_negative(
    fee_town: Town,
) -> None:
    month = previous_month()
    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller", billing_email="buero@keller.example")
        keys = _orders(painter, 3)
        _fees(painter, keys, month)
        reverse_order_fee(order_key=keys[1], reason="abgesagt", at=_mid(month, day=20))
        # when the monthly run invoices the month
        run = invoice_month(period=month)
        # then the provider has one sent invoice asking what the ledger says it owes
        assert (run.issued, run.credits, run.unchanged) == (1, 0, 0)
        row = ProviderInvoice.objects.get(provider=painter)
        owed = provider_fees_for_month(
            provider_key=str(painter.public_id), year=month.year, month=month.month
        )
        assert row.state == State.ISSUED and row.total_cents == owed.total_cents == 500
        assert row.email == "buero@keller.example" and row.due_at is not None
        # and Stripe holds exactly that: three fees, one negative line, sent to that address
        assert _stripe_lines(row.stripe_invoice_id) == [-250, 250, 250, 250]
        invoice = as_dict(stripe.Invoice.retrieve(row.stripe_invoice_id, **options()))
        assert invoice["status"] == "open" and invoice["amount_due"] == 500
        assert invoice["metadata"]["lq_kind"] == "shop_fees"
        assert invoice["metadata"]["lq_schema"] == fee_town.schema_name
        customer = as_dict(stripe.Customer.retrieve(invoice["customer"], **options()))
        assert customer["email"] == "buero@keller.example"
        # a second run (the beat task retried) changes nothing and creates nothing
        again = invoice_month(period=month)
        assert (again.issued, again.unchanged) == (0, 1)
    assert _count(stripe.Invoice.list) == 1 and _count(stripe.Customer.list) == 1


def test_a_run_that_lost_stripes_answers_is_finished_by_the_next_without_doubles(
    fee_town: Town, monkeypatch: pytest.MonkeyPatch
) -> None:
    month = previous_month()
    real_create = stripe.Invoice.create

    def created_then_timed_out(**kwargs: Any) -> Any:
        real_create(**kwargs)  # Stripe made it; the answer never arrived
        raise stripe.APIConnectionError("read timed out")

    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller")
        _fees(painter, _orders(painter, 2), month)
        monkeypatch.setattr(stripe.Invoice, "create", created_then_timed_out)
        # the run stops (Stripe "unreachable") and the task would be retried
        with pytest.raises(stripe.APIConnectionError):
            invoice_month(period=month)
        assert ProviderInvoice.objects.get(provider=painter).state == State.PENDING
        monkeypatch.setattr(stripe.Invoice, "create", real_create)
        # when the retry runs (localstripe ignores Idempotency-Key: our records must hold)
        run = invoice_month(period=month)
        assert run.issued == 1
        row = ProviderInvoice.objects.get(provider=painter)
        assert row.state == State.ISSUED
        assert _stripe_lines(row.stripe_invoice_id) == [250, 250]
    # then Stripe holds one customer and one invoice, not two
    assert _count(stripe.Customer.list) == 1 and _count(stripe.Invoice.list) == 1


def test_paid_through_the_webhook_posts_the_payment_once_and_settles_the_receivable(
    fee_town: Town,
) -> None:
    month = previous_month()
    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller")
        _fees(painter, _orders(painter, 2), month)
        invoice_month(period=month)
        row = ProviderInvoice.objects.get(provider=painter)
        paid = _pay(row.stripe_invoice_id)
    assert paid["status"] == "paid"
    delivery = event("invoice.payment_succeeded", paid)
    # when Stripe delivers the payment, and again (a retry)
    assert _deliver(delivery).json() == {"outcome": "applied"}
    assert _deliver(delivery).json() == {"outcome": "duplicate"}
    # and a late "invoice.finalized" (open) arrives after it
    late = event("invoice.finalized", {**paid, "status": "open"})
    assert _deliver(late).json() == {"outcome": "stale"}
    with tenant_context(fee_town):
        row.refresh_from_db()
        assert row.state == State.PAID and row.paid_at is not None
        payments = Transaction.objects.filter(key=payment_key(row.stripe_invoice_id))
        assert payments.count() == 1
        assert sorted(e.amount for e in payments.get().entries.all()) == [-500, 500]
        # the provider owes nothing more, and the ledger agrees with the invoices
        check = receivables_check()
        assert check.balanced and check.ledger_owed_cents == 0


def test_the_reconciliation_finds_a_payment_no_webhook_told_and_receivables_equal_open_invoices(
    fee_town: Town,
) -> None:
    month = previous_month()
    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller")
        baker = _provider("Bäckerei Roth", "roth")
        _fees(painter, _orders(painter, 2), month)
        _fees(baker, _orders(baker, 3), month, cents=120)
        invoice_month(period=month)
        painted = ProviderInvoice.objects.get(provider=painter)
        # the painter pays; the webhook is lost (none is registered with the fake)
        _pay(painted.stripe_invoice_id)
    # when the hourly reconciliation runs
    report = reconcile()
    assert report.repaired >= 1 and report.mismatches == []
    with tenant_context(fee_town):
        painted.refresh_from_db()
        assert painted.state == State.PAID
        assert Transaction.objects.filter(key=payment_key(painted.stripe_invoice_id)).exists()
        # then the ledger's receivables are exactly the open Stripe invoices' amounts
        check = receivables_check()
        assert check.balanced
        held = open_invoices()
        assert [amount for _id, _status, amount in held] == [360]
        stripe_open = sum(
            int(as_dict(stripe.Invoice.retrieve(stripe_id, **options()))["amount_due"])
            for stripe_id, _status, _amount in held
        )
        assert check.ledger_owed_cents == stripe_open == 360
    # and a second run repairs nothing
    assert reconcile().repaired == 0


def test_a_failed_payment_tells_the_provider_once_in_the_towns_name(fee_town: Town) -> None:
    month = previous_month()
    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller", billing_email="buero@keller.example")
        _fees(painter, _orders(painter, 1), month)
        invoice_month(period=month)
        row = ProviderInvoice.objects.get(provider=painter)
        invoice = as_dict(stripe.Invoice.retrieve(row.stripe_invoice_id, **options()))
    mail.outbox.clear()
    failed = event("invoice.payment_failed", invoice)
    assert _deliver(failed).json() == {"outcome": "applied"}
    assert _deliver(event("invoice.payment_failed", invoice)).json() == {"outcome": "stale"}
    told = [m for m in mail.outbox if "buero@keller.example" in m.to]
    assert len(told) == 1
    assert "Gebührenstadt" in told[0].body and "2,50" in told[0].body
    with tenant_context(fee_town):
        row.refresh_from_db()
        # nobody is blocked: the invoice stays open and the provider stays public
        assert row.state == State.ISSUED and row.payment_failed_at is not None
        assert Provider.objects.get(pk=painter.pk).is_public


def test_a_month_of_reversals_only_becomes_a_credit_taken_off_the_next_invoice(
    fee_town: Town,
) -> None:
    month = previous_month()
    before = month.previous()
    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller")
        keys = _orders(painter, 3)
        # two months ago: two fees, invoiced
        _fees(painter, keys[:2], before)
        invoice_month(period=before)
        # last month: both are cancelled, nothing new
        for key in keys[:2]:
            reverse_order_fee(order_key=key, reason="storniert", at=_mid(month, day=5))
        invoice_month(period=month)
        credit = ProviderInvoice.objects.get(provider=painter, month=month.month)
        assert credit.state == State.CREDIT and credit.credit_cents == 500
        assert credit.stripe_invoice_id == ""  # no Stripe invoice for a credit
        assert _count(stripe.Invoice.list) == 1
        # this month's fee (as the next monthly run would see it): the credit comes off it
        this_month = month.next()
        _fees(painter, keys[2:], this_month, cents=900)
        assert invoicing.credit_left(painter) == 500


def test_without_a_key_the_task_sends_nothing(fee_town: Town, settings: Any) -> None:
    settings.STRIPE_API_KEY = ""
    month = previous_month()
    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller")
        _fees(painter, _orders(painter, 1), month)
        assert invoice_fees.run() == 0
        assert not ProviderInvoice.objects.exists()


def test_an_overdue_invoice_is_told_once(fee_town: Town) -> None:
    month = previous_month()
    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller")
        _fees(painter, _orders(painter, 1), month)
        invoice_month(period=month)
        mail.outbox.clear()
        assert tell_overdue_providers() == 0  # not due yet
        later = timezone.now() + timedelta(days=60)
        assert tell_overdue_providers(now=later) == 1
        assert tell_overdue_providers(now=later) == 0
        assert len(mail.outbox) == 1 and painter.request_email in mail.outbox[0].to


def _client(town: Town, **traits: Any) -> TownClient:
    from tenants.addresses import town_host

    client = TownClient(HTTP_HOST=town_host(town.slug))
    with tenant_context(town):
        client.force_login(UserFactory(**traits))
    return client


def test_the_administrator_sees_what_needs_attention_and_the_business_its_invoice(
    fee_town: Town,
) -> None:
    from portal.accounts.models import Role

    month = previous_month()
    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller", billing_email="buero@keller.example")
        baker = _provider("Bäckerei Roth", "roth")
        _fees(painter, _orders(painter, 2), month)
        _fees(baker, _orders(baker, 1), month, cents=120)
        invoice_month(period=month)
        baked = ProviderInvoice.objects.get(provider=baker)
        invoice = as_dict(stripe.Invoice.retrieve(baked.stripe_invoice_id, **options()))
    _deliver(event("invoice.payment_failed", invoice))
    admin = _client(fee_town, email="verwaltung@gebuehren.example", roles=[Role.TOWN_ADMIN])
    page = admin.get("/shop/settings/invoices/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Malerbetrieb Keller" in text and "Bäckerei Roth" in text
    assert "5,00" in text and "1,20" in text
    assert text.count("<strong>Zahlung fehlgeschlagen</strong>") == 1
    assert "Die Bücher und die Rechnungen stimmen überein" in text
    # a resident may not see the businesses' invoices
    resident = _client(fee_town, email="nachbarin@gebuehren.example")
    assert resident.get("/shop/settings/invoices/").status_code == 403
    # the business sees on its statement where the invoice went and when it is due
    business = TownClient(HTTP_HOST=admin.defaults["HTTP_HOST"])
    with tenant_context(fee_town):
        business.force_login(painter.owner)
    statement = business.get(f"/shop/p/keller/statement/{month.year}/{month.month}/")
    assert statement.status_code == 200
    assert "buero@keller.example" in statement.content.decode()


def test_the_monthly_task_invoices_where_the_shop_is_on_and_nowhere_else(fee_town: Town) -> None:
    # the route harness's rule for a periodic task, here because Stripe's calls commit
    month = previous_month()
    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller")
        _fees(painter, _orders(painter, 1), month)
    others = [key for key in fee_town.enabled_modules if key != "shop"]
    Town.objects.filter(pk=fee_town.pk).update(enabled_modules=others)
    with tenant_context(Town.objects.get(pk=fee_town.pk)):
        assert invoice_fees.apply().get() is None
        assert not ProviderInvoice.objects.exists()
    assert _count(stripe.Invoice.list) == 0
    Town.objects.filter(pk=fee_town.pk).update(enabled_modules=[*others, "shop"])
    with tenant_context(Town.objects.get(pk=fee_town.pk)):
        assert invoice_fees.apply().get() == 1
        assert ProviderInvoice.objects.get().state == State.ISSUED


def test_stripe_down_during_the_run_fails_loudly_and_the_retry_invoices_each_provider_once(
    fee_town: Town, stripe_fake: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    month = previous_month()
    with tenant_context(fee_town):
        painter = _provider("Malerbetrieb Keller", "keller")
        baker = _provider("Bäckerei Roth", "roth")
        idle = _provider("Schreinerei Ohnefee", "ohnefee")  # no fees this month
        _fees(painter, _orders(painter, 2), month)
        _fees(baker, _orders(baker, 2), month, cents=120)
        # the fake goes down after the painter's invoice items were made, before its invoice
        real_create = stripe.Invoice.create

        def down(**kwargs: Any) -> Any:
            settings.STRIPE_API_BASE = "http://127.0.0.1:9"
            raise stripe.APIConnectionError("connection refused")

        monkeypatch.setattr(stripe.Invoice, "create", down)
        # the task fails loudly (Celery retries it later)
        with pytest.raises(Retry):
            invoice_fees.apply()
        monkeypatch.setattr(stripe.Invoice, "create", real_create)
        # nothing is half-invoiced: no row is "issued" and Stripe holds no invoice yet
        assert not ProviderInvoice.objects.filter(state=State.ISSUED).exists()
        settings.STRIPE_API_BASE = stripe_fake
        assert _count(stripe.Invoice.list) == 0
        # when the retry runs with Stripe back
        run = invoice_month(period=month)
        assert run.issued == 2
        rows = {row.provider_id: row for row in ProviderInvoice.objects.all()}
        assert idle.pk not in rows  # zero fees: no invoice
        assert _stripe_lines(rows[painter.pk].stripe_invoice_id) == [250, 250]
        assert _stripe_lines(rows[baker.pk].stripe_invoice_id) == [120, 120]
        assert receivables_check().balanced
    assert _count(stripe.Invoice.list) == 2 and _count(stripe.Customer.list) == 2
