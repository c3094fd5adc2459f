"""The order's state machine: each step, who may take it, and the fee at the due point."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from billing.fees.rules import FeeRule
from billing.fees.selectors import contributing_orders, fund_balance
from modules.shop.models import Offer, Order, OrderEvent, Provider, ShopSettings
from modules.shop.services.orders import (
    ByLink,
    accept_order,
    cancel_order,
    complete_order,
    confirm_order,
    decline_order,
)
from portal.accounts.models import User
from tests.factories.shop import OfferFactory, make_order, soon

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(painter: Provider) -> Offer:
    return OfferFactory(provider=painter)


def test_request_accept_confirm_complete_posts_the_flat_fee_once(
    offer: Offer, resident: User, owner: User
) -> None:
    # given the default rule: 2.00 EUR, due at completion
    order = make_order(offer=offer, resident=resident)
    window = order.windows[0]
    # when the business accepts from its e-mail, the resident confirms, the owner completes
    accept_order(order=order, by=ByLink(offer.provider), start=window["start"], end=window["end"])
    confirm_order(order=order, by=resident)
    assert fund_balance() == 0
    complete_order(order=order, by=owner)
    # then
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED
    assert fund_balance() == 200
    assert contributing_orders() == 1
    steps = list(order.events.values_list("action", "side", "via_link"))
    assert steps == [
        (OrderEvent.Action.REQUESTED, "resident", False),
        (OrderEvent.Action.ACCEPTED, "provider", True),
        (OrderEvent.Action.CONFIRMED, "resident", False),
        (OrderEvent.Action.COMPLETED, "provider", False),
    ]


def test_a_link_of_another_business_is_refused(offer: Offer, resident: User) -> None:
    order = make_order(offer=offer, resident=resident)
    from tests.factories.shop import ProviderFactory

    with pytest.raises(PermissionDenied):
        decline_order(order=order, by=ByLink(ProviderFactory()), reason="Keine Zeit")
    order.refresh_from_db()
    assert order.status == Order.Status.REQUESTED


def test_confirming_before_acceptance_is_refused_with_a_message(
    offer: Offer, resident: User
) -> None:
    order = make_order(offer=offer, resident=resident)
    with pytest.raises(ValidationError, match="not answered"):
        confirm_order(order=order, by=resident)


def test_a_percentage_fee_due_at_confirmation_needs_the_value_when_accepting(
    offer: Offer, resident: User
) -> None:
    settings = ShopSettings.stored()
    settings.fee_rule = FeeRule(
        kind="percentage", due="confirmation", basis_points=500, minimum_cents=100
    ).as_dict()
    settings.save()
    order = make_order(offer=offer, resident=resident)
    window = soon(days=5)
    with pytest.raises(ValidationError):
        accept_order(order=order, by=ByLink(offer.provider), **window)
    order.refresh_from_db()
    assert order.status == Order.Status.REQUESTED
    accept_order(order=order, by=ByLink(offer.provider), declared_value_cents=12000, **window)
    confirm_order(order=order, by=resident)
    assert fund_balance() == 600
    # a cancellation after posting reverses the fee, it does not edit it
    cancel_order(order=order, by=resident, reason="Umzug")
    assert fund_balance() == 0
