"""Review fixes of the order flow: a fee of 0, late accepting, late confirming."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from billing.fees.rules import FeeRule
from billing.fees.selectors import fund_balance
from modules.shop.models import Offer, Order, PriceModel, Provider, ShopSettings
from modules.shop.services.orders import ByLink, accept_order, complete_order, confirm_order
from portal.accounts.models import User
from tests.factories.shop import OfferFactory, make_order, soon

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(painter: Provider) -> Offer:
    return OfferFactory(provider=painter)


def test_a_fee_of_zero_posts_nothing_and_the_order_completes(
    offer: Offer, resident: User, owner: User
) -> None:
    # given a percentage rule without a minimum, due at completion
    settings = ShopSettings.stored()
    settings.fee_rule = FeeRule(
        kind="percentage", due="completion", basis_points=500, minimum_cents=0
    ).as_dict()
    settings.save()
    offer.price_model, offer.price_cents = PriceModel.QUOTE, None
    offer.save()
    order = make_order(offer=offer, resident=resident)
    window = order.windows[0]
    accept_order(order=order, by=ByLink(offer.provider), start=window["start"], end=window["end"])
    confirm_order(order=order, by=resident)
    # when the business marks it done with a value whose 5 % round to 0 cents
    complete_order(order=order, by=owner, declared_value_cents=5)
    # then the order is done and nothing was posted
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED
    assert fund_balance() == 0


def test_accepting_after_the_answer_time_is_refused(offer: Offer, resident: User) -> None:
    # given a request whose answer time has passed, the expiry task not yet run
    order = make_order(offer=offer, resident=resident)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    # when the business accepts, then it is told the request expired
    with pytest.raises(ValidationError, match="expired"):
        accept_order(order=order, by=ByLink(offer.provider), **soon(days=5))
    order.refresh_from_db()
    assert order.status == Order.Status.REQUESTED


def test_confirming_after_the_proposed_time_started_is_refused(
    offer: Offer, resident: User
) -> None:
    # given an accepted order whose proposed appointment starts in 3 days
    order = make_order(offer=offer, resident=resident)
    window = soon(days=3)
    accept_order(order=order, by=ByLink(offer.provider), **window)
    # when the resident confirms 4 days later, then it is refused with the reason
    with (
        time_machine.travel(timezone.now() + timedelta(days=4)),
        pytest.raises(ValidationError, match="proposed time has passed"),
    ):
        confirm_order(order=order, by=resident)
    order.refresh_from_db()
    assert order.status == Order.Status.ACCEPTED


def test_the_network_manager_acting_for_a_business_is_audited(
    resident: User, owner: User, moderator: User
) -> None:
    # given a business nobody has claimed, run by the network manager, and one with an owner
    from portal.accounts.models import AuditEntry
    from tests.factories.shop import ProviderFactory

    unclaimed = OfferFactory(provider=ProviderFactory(owner=None))
    order = make_order(offer=unclaimed, resident=resident)
    # when the network manager accepts for it, then that is on the audit trail
    accept_order(order=order, by=moderator, **soon(days=5))
    entry = AuditEntry.objects.get(action="shop_order_accepted_for_business")
    assert entry.actor == moderator
    # and a business's owner acting for itself leaves no such trail
    own = make_order(offer=OfferFactory(provider=ProviderFactory(owner=owner)), resident=resident)
    accept_order(order=own, by=owner, **soon(days=5))
    assert AuditEntry.objects.filter(action="shop_order_accepted_for_business").count() == 1


def test_an_accepted_order_whose_time_came_unconfirmed_is_expired_by_the_task(
    offer: Offer, resident: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given an order accepted for a time in 3 days, never confirmed
    from modules.shop.tasks import expire_unanswered_requests

    order = make_order(offer=offer, resident=resident)
    accept_order(order=order, by=ByLink(offer.provider), **soon(days=3))
    mailoutbox.clear()
    # when the expiry task runs after the time came (twice)
    with (
        time_machine.travel(timezone.now() + timedelta(days=4)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert expire_unanswered_requests.apply().get() == 1
        assert expire_unanswered_requests.apply().get() == 0
    # then it is expired, and both sides are told it was not confirmed in time
    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    to_resident = [m for m in mailoutbox if resident.email in m.to]
    to_business = [m for m in mailoutbox if offer.provider.request_email in m.to]
    assert len(to_resident) == 1 and "before you confirmed it" in to_resident[0].body
    assert len(to_business) == 1 and "without the customer's confirmation" in to_business[0].body
