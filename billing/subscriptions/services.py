"""The operator bills the towns: plans in Stripe, a town's customer and subscription, and
what Stripe tells us about them (webhooks and the reconciliation call the `apply_*`s).

Every create goes through `stripe_client.create_once`, keyed by our own ids:
- a plan's product and its two legacy plans: "plan:<plan public id>:product|base|band";
- a town's customer: "town:<schema>:customer"; its subscription:
  "town:<schema>:subscription:<TownSubscription id>".
A plan's prices never change once it is in Stripe (a new price is a new plan), so the keys
stay true to what they name.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import Town

from . import states
from .models import Mismatch, Plan, TownInvoice, TownSubscription
from .stripe_client import as_dict, create_once, find_by_key, options

logger = logging.getLogger(__name__)

CURRENCY = "eur"


def stripe_time(value: int | None) -> datetime | None:
    """Stripe's Unix seconds as an aware datetime."""
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _find_by_key(lister: Any, **filters: Any) -> Any:
    """A `find` for create_once over `lister`."""
    return lambda key: find_by_key(lister, key, **filters)


# --- plans ------------------------------------------------------------------------------


def plan_key(plan: Plan, part: str) -> str:
    return f"plan:{plan.public_id}:{part}"


def push_product(plan: Plan) -> str:
    """The plan's product in Stripe, made once; its id (stored on the plan)."""
    if plan.stripe_product_id:
        return plan.stripe_product_id
    key = plan_key(plan, "product")
    product_id = create_once(
        key=key,
        kind="product",
        create=lambda extra: stripe.Product.create(
            name=f"LQ {plan.name}",
            type="service",
            metadata={"lq_key": key, "lq_plan": plan.slug},
            **extra,
        ),
        find=_find_by_key(stripe.Product.list),
    )
    Plan.objects.filter(pk=plan.pk).update(stripe_product_id=product_id)
    plan.stripe_product_id = product_id
    return product_id


def push_price(plan: Plan, bands: int) -> str:
    """The (legacy) Stripe plan for `bands` bands of `plan`, made once; its id."""
    product_id = push_product(plan)
    key = plan_key(plan, f"bands:{bands}")
    cents = plan.price_for_bands(bands)

    def create(extra: dict[str, Any]) -> Any:
        return stripe.Plan.create(
            product=product_id,
            amount=cents,
            currency=CURRENCY,
            interval=plan.interval,
            nickname=f"{plan.name}, {bands} × {plan.band_size}",
            metadata={"lq_key": key, "lq_plan": plan.slug, "lq_bands": str(bands)},
            **extra,
        )

    return create_once(key=key, kind="plan", create=create, find=_find_by_key(stripe.Plan.list))


# --- a town's subscription ---------------------------------------------------------------


def customer_key(town: Town) -> str:
    return f"town:{town.schema_name}:customer"


def subscription_key(subscription: TownSubscription) -> str:
    return f"town:{subscription.town.schema_name}:subscription:{subscription.pk}"


def attach_plan(
    *, town: Town, plan: Plan, inhabitants: int, billing_email: str, days_until_due: int = 30
) -> TownSubscription:
    """Give the town the plan: our row first (committed), then its customer and subscription
    in Stripe (`push_subscription`; a failure there leaves the row to be pushed again)."""
    if not town.is_town:
        raise ValidationError(_("Only a town can have a plan."))
    if not plan.is_active:
        raise ValidationError(_("This plan is no longer offered."))
    with transaction.atomic():
        existing = TownSubscription.objects.select_for_update().filter(town=town).first()
        if existing is not None and existing.stripe_subscription_id:
            raise ValidationError(
                _("%(town)s has a subscription already; a change of plan is not possible here.")
                % {"town": town.name}
            )
        if existing is None:
            subscription = TownSubscription.objects.create(
                town=town,
                plan=plan,
                inhabitants=inhabitants,
                billing_email=billing_email,
                days_until_due=days_until_due,
            )
        else:  # an earlier attempt that did not reach Stripe: take the new details
            existing.plan = plan
            existing.inhabitants = inhabitants
            existing.billing_email = billing_email
            existing.days_until_due = days_until_due
            existing.save()
            subscription = existing
    return push_subscription(subscription)


def push_subscription(subscription: TownSubscription) -> TownSubscription:
    """Create the town's customer and subscription in Stripe once; store their ids."""
    town = subscription.town
    plan = subscription.plan
    price_id = push_price(plan, plan.bands_for(subscription.inhabitants))
    TownSubscription.objects.filter(pk=subscription.pk).update(stripe_plan_id=price_id)
    ckey = customer_key(town)
    metadata = {"lq_schema": town.schema_name, "lq_slug": town.slug}
    customer_id = create_once(
        key=ckey,
        kind="customer",
        create=lambda extra: stripe.Customer.create(
            name=town.name,
            email=subscription.billing_email,
            metadata={"lq_key": ckey, **metadata},
            **extra,
        ),
        find=_find_by_key(stripe.Customer.list, email=subscription.billing_email),
    )
    TownSubscription.objects.filter(pk=subscription.pk).update(stripe_customer_id=customer_id)
    subscription.stripe_customer_id = customer_id
    if settings.STRIPE_IS_FAKE:
        # localstripe charges a subscription's invoice at once, and only from a card
        from .fake_stripe import attach_test_card

        customer = as_dict(stripe.Customer.retrieve(customer_id, **options()))
        if not (customer.get("invoice_settings") or {}).get("default_payment_method"):
            attach_test_card(customer_id)
    skey = subscription_key(subscription)
    stripe_subscription_id = create_once(
        key=skey,
        kind="subscription",
        create=lambda extra: stripe.Subscription.create(
            customer=customer_id,
            items=[{"plan": price_id, "quantity": 1}],
            collection_method="send_invoice",
            days_until_due=subscription.days_until_due,
            metadata={"lq_key": skey, **metadata},
            **extra,
        ),
        find=_find_by_key(stripe.Subscription.list, customer=customer_id),
    )
    TownSubscription.objects.filter(pk=subscription.pk).update(
        stripe_subscription_id=stripe_subscription_id
    )
    obj = stripe.Subscription.retrieve(stripe_subscription_id, **options())
    with transaction.atomic():
        apply_subscription(as_dict(obj), seen_at=timezone.now())
    subscription.refresh_from_db()
    return subscription


# --- what Stripe tells us ---------------------------------------------------------------


def subscription_for(
    *, subscription_id: str = "", customer_id: str = ""
) -> TownSubscription | None:
    """Our row for a Stripe subscription (by its id, else by its customer's)."""
    rows = TownSubscription.objects.select_for_update()
    if subscription_id:
        found = rows.filter(stripe_subscription_id=subscription_id).first()
        if found is not None:
            return found
    if customer_id:
        return rows.filter(stripe_customer_id=customer_id).first()
    return None


def apply_subscription(obj: dict[str, Any], *, seen_at: datetime) -> str:
    """A Stripe subscription's state, forward only by time; returns the outcome
    ("applied", "stale" or "unknown"). Call inside a transaction."""
    row = subscription_for(subscription_id=str(obj.get("id", "")), customer_id=_customer(obj))
    if row is None:
        return "unknown"
    status = str(obj.get("status", ""))
    if not states.subscription_moves(row.status, row.status_at, status, seen_at):
        return "stale"
    period_end = stripe_time(obj.get("current_period_end")) or row.current_period_end
    changed = status != row.status or period_end != row.current_period_end
    row.status = status
    row.status_at = seen_at
    row.current_period_end = period_end
    if not row.stripe_subscription_id:
        row.stripe_subscription_id = str(obj.get("id", ""))
    row.save(
        update_fields=[
            "status",
            "status_at",
            "current_period_end",
            "stripe_subscription_id",
            "updated_at",
        ]
    )
    # A reading that only confirms what we hold is not an effect (the reconciliation counts).
    return "applied" if changed else "stale"


def _customer(obj: dict[str, Any]) -> str:
    customer = obj.get("customer")
    if isinstance(customer, dict):
        return str(customer.get("id", ""))
    return str(customer or "")


PAID_EVENTS = {"invoice.paid", "invoice.payment_succeeded"}


def invoice_status(obj: dict[str, Any], event_type: str) -> str:
    """The invoice's status as the event means it: an `invoice.paid` event is paid even if the
    object was read a moment before Stripe marked it."""
    status = str(obj.get("status", "") or "")
    if event_type in PAID_EVENTS or (obj.get("paid") is True and status == "open"):
        return "paid"
    return status


def apply_town_invoice(obj: dict[str, Any], *, event_type: str, seen_at: datetime) -> str:
    """A Stripe invoice to a town: create or move our TownInvoice forward; the outcome."""
    stripe_id = str(obj.get("id", ""))
    subscription = subscription_for(
        subscription_id=str(obj.get("subscription") or ""), customer_id=_customer(obj)
    )
    if subscription is None or not stripe_id:
        return "unknown"
    status = invoice_status(obj, event_type)
    invoice = TownInvoice.objects.select_for_update().filter(stripe_invoice_id=stripe_id).first()
    created = stripe_time(obj.get("created") or obj.get("date")) or seen_at
    if invoice is None:
        if status not in states.INVOICE_RANK:
            return "stale"
        invoice = TownInvoice(
            stripe_invoice_id=stripe_id, subscription=subscription, created=created
        )
        invoice.status = ""
    if not states.invoice_moves(invoice.status, status):
        return "stale"
    invoice.status = status
    invoice.amount_due_cents = int(obj.get("amount_due") or obj.get("total") or 0)
    paid_cents = int(obj.get("amount_paid") or 0)
    invoice.amount_paid_cents = paid_cents or (invoice.amount_due_cents if status == "paid" else 0)
    invoice.currency = str(obj.get("currency") or CURRENCY)
    invoice.due_at = stripe_time(obj.get("due_date")) or invoice.due_at
    invoice.hosted_url = str(obj.get("hosted_invoice_url") or invoice.hosted_url or "")
    if status == "paid" and invoice.paid_at is None:
        invoice.paid_at = seen_at
    invoice.save()
    if status in states.FINAL_INVOICE and subscription.dunning_since is not None:
        still_late = subscription.invoices.filter(status__in=["open", "uncollectible"]).exclude(
            pk=invoice.pk
        )
        if not still_late.filter(dunning_mailed_at__isnull=False).exists():
            subscription.dunning_since = None
            subscription.save(update_fields=["dunning_since", "updated_at"])
    return "applied"


# --- what operators do on the operator site ----------------------------------------------


def create_plan(
    *,
    slug: str,
    name: str,
    interval: str,
    base_cents: int,
    band_cents: int,
    band_size: int,
) -> Plan:
    """A new plan (its product reaches Stripe when the first town gets it). Refuses a taken
    slug, a band size below one and negative prices."""
    plan = Plan(
        slug=slug.strip(),
        name=name.strip(),
        interval=interval,
        base_cents=base_cents,
        band_cents=band_cents,
        band_size=band_size,
    )
    errors: dict[str, list[str]] = {}
    if band_size < 1:
        errors["band_size"] = [_("A band has at least one inhabitant.")]
    if base_cents < 0 or band_cents < 0:
        errors["base_cents"] = [_("Prices cannot be negative.")]
    if Plan.objects.filter(slug=plan.slug).exists():
        errors["slug"] = [_("A plan with this short name exists already.")]
    if errors:
        raise ValidationError(errors)
    plan.full_clean()
    plan.save()
    return plan


def resolve_mismatch(*, mismatch_id: int, by_email: str, resolution: str) -> Mismatch:
    """Mark a mismatch resolved, with what the operator did about it (once)."""
    resolution = resolution.strip()
    if not resolution:
        raise ValidationError({"resolution": [_("Say what was done about it.")]})
    with transaction.atomic():
        mismatch = Mismatch.objects.select_for_update().get(pk=mismatch_id)
        if mismatch.resolved_at is not None:
            raise ValidationError(_("This mismatch has been resolved already."))
        mismatch.resolved_at = timezone.now()
        mismatch.resolved_by = by_email
        mismatch.resolution = resolution[:500]
        mismatch.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    return mismatch
