"""The operators' billing pages and the town administrators' read-only page: who may see them,
what they show, creating a plan, attaching it (also when Stripe fails on the way), resolving a
mismatch, and the notice when billing is off."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import stripe
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from billing.subscriptions.models import (
    Mismatch,
    Plan,
    TownInvoice,
    TownSubscription,
    WebhookEvent,
)
from billing.subscriptions.stripe_client import options
from portal.accounts.models import Role
from tenants.addresses import town_host
from tenants.models import Town
from tests.conftest import TownClient
from tests.factories import UserFactory

from .helpers import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(public_client: TownClient) -> None:
    public_client.cookies["django_language"] = "en"


def _subscription(town: Town, **fields: Any) -> TownSubscription:
    values: dict[str, Any] = {
        "town": town,
        "plan": make_plan(name="Gemeinde klein"),
        "inhabitants": 5_400,
        "billing_email": "kasse@example.org",
        "stripe_customer_id": f"cus_{town.slug}",
        "stripe_subscription_id": f"sub_{town.slug}",
        "status": "active",
        "current_period_end": timezone.now() + timedelta(days=12),
    }
    values.update(fields)
    return TownSubscription.objects.create(**values)


def _invoice(subscription: TownSubscription, stripe_id: str, status: str, cents: int) -> None:
    TownInvoice.objects.create(
        stripe_invoice_id=stripe_id,
        subscription=subscription,
        status=status,
        amount_due_cents=cents,
        created=timezone.now() - timedelta(days=40),
        due_at=timezone.now() - timedelta(days=10),
        paid_at=timezone.now() if status == "paid" else None,
    )


# --- who may see them -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/billing/", "/billing/plans/", "/billing/events/", "/billing/mismatches/"]
)
def test_only_operators_see_the_billing_pages(
    public_client: TownClient, client_a: TownClient, path: str
) -> None:
    # anonymous: to the login page
    response = public_client.get(path)
    assert response.status_code == 302 and "/login/" in response["Location"]
    # a signed-in non-operator: refused
    from portal.accounts.models import User

    User.objects.create_user("not-staff@lq.example", "x" * 20)
    public_client.force_login(User.objects.get(email="not-staff@lq.example"))
    assert public_client.get(path).status_code == 403
    # on a town's host the operator pages do not exist
    assert client_a.get(path).status_code == 404


# --- what they show --------------------------------------------------------------------------


def test_the_overview_shows_plan_state_next_invoice_open_and_paid_and_the_dunning_flag(
    operator_client: TownClient, town_a: Town, town_b: Town
) -> None:
    late = _subscription(town_a, dunning_since=timezone.now())
    _invoice(late, "in_open_a", "open", 15_900)
    _invoice(late, "in_paid_a", "paid", 15_900)
    _invoice(late, "in_paid_a2", "paid", 15_900)
    response = operator_client.get("/billing/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gemeinde klein" in text
    assert "1 invoice, €159.00" in text or "1 invoice, 159.00" in text
    assert "overdue" in text
    # town B has no plan and is listed as such, with a link to attach one
    assert f'href="/billing/towns/{town_b.slug}/"' in text and "no plan" in text


def test_the_overview_reads_a_fixed_number_of_queries(
    operator_client: TownClient, town_a: Town, town_b: Town
) -> None:
    _subscription(town_a)
    with CaptureQueriesContext(connection) as one:
        operator_client.get("/billing/")
    sub_b = _subscription(town_b)
    _invoice(sub_b, "in_b1", "open", 100)
    _invoice(sub_b, "in_b2", "paid", 100)
    with CaptureQueriesContext(connection) as two:
        operator_client.get("/billing/")
    assert len(two.captured_queries) == len(one.captured_queries)


def test_billing_off_is_said_on_the_operator_site_and_in_the_console(
    operator_client: TownClient, town_a: Town, settings: Any
) -> None:
    settings.STRIPE_API_KEY = ""
    assert "Billing is switched off." in operator_client.get("/billing/").content.decode()
    admin = _town_admin(town_a)
    page = admin.get("/manage/billing/")
    assert page.status_code == 200
    assert "Billing is switched off on this platform" in page.content.decode()


def test_the_events_page_shows_events_for_unknown_customers(operator_client: TownClient) -> None:
    WebhookEvent.objects.create(
        event_id="evt_stranger",
        type="invoice.paid",
        created=timezone.now(),
        object_id="in_stranger",
        outcome=WebhookEvent.Outcome.UNKNOWN,
    )
    WebhookEvent.objects.create(
        event_id="evt_known",
        type="invoice.created",
        created=timezone.now(),
        object_id="in_known",
        outcome=WebhookEvent.Outcome.APPLIED,
    )
    everything = operator_client.get("/billing/events/").content.decode()
    assert "evt_stranger" in everything and "evt_known" in everything
    unknown = operator_client.get("/billing/events/?outcome=unknown").content.decode()
    assert "evt_stranger" in unknown and "evt_known" not in unknown


# --- plans -----------------------------------------------------------------------------------


def test_an_operator_creates_a_plan_in_euros_stored_in_cents(operator_client: TownClient) -> None:
    response = operator_client.post(
        "/billing/plans/",
        {
            "name": "Gemeinde mittel",
            "slug": "gemeinde-mittel",
            "interval": "year",
            "base_euros": "1200.50",
            "band_euros": "80",
            "band_size": "2500",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(slug="gemeinde-mittel")
    assert (plan.base_cents, plan.band_cents, plan.band_size, plan.interval) == (
        120_050,
        8_000,
        2_500,
        "year",
    )
    # the same short name again, and a negative price: refused, with the reason at the field
    again = operator_client.post(
        "/billing/plans/",
        {
            "name": "Doppelt",
            "slug": "gemeinde-mittel",
            "interval": "month",
            "base_euros": "-1",
            "band_euros": "0",
            "band_size": "0",
        },
    )
    assert again.status_code == 400
    assert Plan.objects.filter(slug="gemeinde-mittel").count() == 1
    form = again.context["form"]
    assert "base_euros" in form.errors and "band_size" in form.errors


# --- attaching a plan (Stripe calls commit: transactional) -----------------------------------


@pytest.mark.django_db(transaction=True)
def test_attaching_a_plan_creates_the_customer_and_subscription_once_even_after_a_failure(
    stripe_fake: str, town_a: Town, settings: Any, operator_client: TownClient
) -> None:
    public_client = operator_client
    plan = make_plan(name="Gemeinde klein")
    form = {
        "plan": str(plan.pk),
        "inhabitants": "5400",
        "billing_email": "kasse@alpha.example",
        "days_until_due": "30",
    }
    url = f"/billing/towns/{town_a.slug}/"
    # when Stripe is unreachable the operator is told, and the plan waits to be sent again
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    response = public_client.post(url, form, follow=True)
    assert "Stripe could not be reached" in response.content.decode()
    waiting = TownSubscription.objects.get(town=town_a)
    assert waiting.stripe_subscription_id == ""
    page = public_client.get(url).content.decode()
    assert "Send the subscription to Stripe again" in page
    # once Stripe is back, "send again" finishes it
    settings.STRIPE_API_BASE = stripe_fake
    response = public_client.post(f"{url}push/", follow=True)
    assert "Stripe now has the subscription" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.stripe_subscription_id and waiting.stripe_customer_id
    customers = stripe.Customer.list(limit=100, **options()).data
    assert len(customers) == 1
    assert customers[0].metadata["lq_schema"] == town_a.schema_name
    assert customers[0].metadata["lq_slug"] == town_a.slug
    # a second attach is refused: the town has its subscription
    again = public_client.post(url, form)
    assert again.status_code in (200, 400)
    assert TownSubscription.objects.filter(town=town_a).count() == 1
    assert len(stripe.Subscription.list(limit=100, **options()).data) == 1


# --- mismatches ------------------------------------------------------------------------------


def test_an_operator_resolves_a_mismatch_saying_what_was_done(
    operator_client: TownClient, operator: Any
) -> None:
    mismatch = Mismatch.objects.create(
        kind="missing-in-stripe", stripe_id="in_lost", detail="We hold it open; Stripe has none."
    )
    url = f"/billing/mismatches/{mismatch.pk}/resolve/"
    # without a word it stays open
    operator_client.post(url, {f"m{mismatch.pk}-resolution": "  "})
    mismatch.refresh_from_db()
    assert mismatch.resolved_at is None
    response = operator_client.post(
        url, {f"m{mismatch.pk}-resolution": "In Stripe storniert, hier als erledigt markiert."}
    )
    assert response.status_code == 302
    mismatch.refresh_from_db()
    assert mismatch.resolved_at is not None and mismatch.resolved_by == operator.email
    page = operator_client.get("/billing/mismatches/").content.decode()
    assert "Mark in_lost resolved" not in page and "No open mismatches" in page


# --- the console ------------------------------------------------------------------------------


def _town_admin(town: Town) -> TownClient:
    client = TownClient(HTTP_HOST=town_host(town.slug))
    client.cookies["django_language"] = "en"
    with tenant_context(town):
        client.force_login(UserFactory(roles=[Role.TOWN_ADMIN], email=f"admin-{town.slug}@x.de"))
    return client


def test_a_town_administrator_sees_only_their_towns_plan_and_invoices(
    town_a: Town, town_b: Town
) -> None:
    sub_a = _subscription(town_a)
    _invoice(sub_a, "in_a_open", "open", 15_900)
    _subscription(town_b, plan=make_plan(name="Stadt gross"), billing_email="kasse@b.example")
    page = _town_admin(town_a).get("/manage/billing/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Gemeinde klein" in text and "kasse@example.org" in text
    assert "Stadt gross" not in text and "kasse@b.example" not in text
    # read only: no form posts anywhere on it but the shared header's
    assert 'action="/billing' not in text
    # a resident may not see it
    resident = TownClient(HTTP_HOST=town_host(town_a.slug))
    with tenant_context(town_a):
        resident.force_login(UserFactory(email="nachbar@x.de"))
    assert resident.get("/manage/billing/").status_code == 403
