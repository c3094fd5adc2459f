"""Demo content: fifteen approved businesses, their 40 offers, 30 orders in every state made
through the state machine, and a fund whose balance is the sum of its entries; idempotent."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Sum

from billing.fees.rules import FeeRule
from billing.fees.selectors import contributing_orders, fund_balance
from billing.fees.services import fee_key
from billing.ledger.models import Entry, OwnerKind, Transaction
from modules.shop import selectors
from modules.shop.demo import load_demo
from modules.shop.demo_orders import ORDERS
from modules.shop.models import Offer, Order, OrderEvent, PriceModel, Provider
from modules.shop.selectors_offers import public_offers
from portal.accounts.models import Role
from tests.factories import UserFactory


@pytest.fixture
def demo_people(in_town_a):
    people = {
        "provider": UserFactory(roles=[Role.RESIDENT, Role.PROVIDER]),
        "admin": UserFactory(town_admin=True),
        "manager": UserFactory(moderator=True),
    }
    people["residents"] = [UserFactory() for _n in range(6)]
    return people


def test_demo_is_public_and_idempotent(demo_people):
    load_demo(town=demo_people)
    load_demo(town=demo_people)
    assert selectors.public_providers().count() == 15
    assert Provider.objects.get(slug="malerbetrieb-farbfroh").owner == demo_people["provider"]
    assert Provider.objects.filter(owner__isnull=True).count() == 14
    assert "Taxi Kepler" in Provider.objects.get(slug="backerei-morgenrot").description


def test_forty_public_offers_in_all_three_price_models(demo_people):
    load_demo(town=demo_people)
    assert Offer.objects.count() == 40
    assert public_offers().count() == 40
    assert set(Offer.objects.values_list("price_model", flat=True)) == set(PriceModel.values)
    assert (
        Offer.objects.filter(price_model=PriceModel.QUOTE, price_cents__isnull=False).count() == 0
    )
    # every business offers something; the bakery's rolls come with the taxi firm
    assert Provider.objects.filter(offers__isnull=True).count() == 0
    rolls = Offer.objects.get(title="Frühstücksbrötchen ans Haus")
    assert "Taxi Kepler" in rolls.description
    delivery = Offer.objects.get(title="Brötchen-Lieferdienst")
    assert delivery.provider.name == "Taxi Kepler" and "Morgenrot" in delivery.description


def test_thirty_orders_in_every_state_through_the_state_machine(demo_people):
    load_demo(town=demo_people)
    states = Counter(Order.objects.values_list("status", flat=True))
    assert states == {
        "requested": 4,
        "accepted": 4,
        "declined": 3,
        "expired": 3,
        "confirmed": 5,
        "completed": 8,
        "cancelled": 3,
    }
    assert sum(states.values()) == 30 == len(ORDERS)
    # each step left its event, as the state machine writes them; nothing is mailed again
    for order in Order.objects.prefetch_related("events"):
        actions = [event.action for event in order.events.all()]
        assert actions[0] == "requested"
        assert actions[-1] == order.status or order.status == "requested"
    assert not OrderEvent.objects.filter(mailed_at__isnull=True).exists()
    # by the demo's residents, not its staff or businesses
    residents = {person.pk for person in demo_people["residents"]}
    assert set(Order.objects.values_list("resident_id", flat=True)) <= residents
    # the history lies in the past, spread over weeks; open requests can still be answered
    completed = Order.objects.filter(status="completed").order_by("completed_at")
    spread = completed.last().completed_at - completed.first().completed_at
    assert spread.days >= 40
    for order in Order.objects.filter(status="requested"):
        assert order.expires_at > order.requested_at
        assert not order.place_visible_to_provider


def test_the_fund_balance_is_the_sum_of_its_entries_and_of_the_fees(demo_people):
    load_demo(town=demo_people)
    load_demo(town=demo_people)  # twice: nothing is posted again
    fund_entries = Entry.objects.filter(account__owner_kind=OwnerKind.FUND)
    entries_sum = fund_entries.aggregate(total=Sum("amount"))["total"]
    paying, reversed_fees, fee = 0, 0, 200
    for order in Order.objects.all():
        rule = FeeRule.from_dict(order.fee_rule)
        assert rule.kind == "flat" and rule.flat_cents == fee
        due_at = order.confirmed_at if rule.due == "confirmation" else order.completed_at
        if due_at is not None:
            paying += 1
            if order.status == "cancelled":
                reversed_fees += 1
    assert (paying, reversed_fees) == (9, 1)  # 8 completed and one cancelled after confirmation
    assert fund_balance() == entries_sum == paying * fee - reversed_fees * fee == 1600
    assert contributing_orders() == paying - reversed_fees
    assert Transaction.objects.filter(reverses__isnull=False).count() == reversed_fees
    # each fee is dated when its order was confirmed or completed, so the history spreads
    # over more than one month (the ledger cannot be backdated afterwards)
    for order in Order.objects.all():
        rule = FeeRule.from_dict(order.fee_rule)
        due_at = order.confirmed_at if rule.due == "confirmation" else order.completed_at
        posting = Transaction.objects.filter(key=fee_key(order.order_key)).first()
        assert (posting.created_at if posting else None) == due_at
    months = {(t.created_at.year, t.created_at.month) for t in Transaction.objects.all()}
    assert len(months) > 1
    # the town changed its rule on the way: the oldest orders kept the first one
    dues = [FeeRule.from_dict(o.fee_rule).due for o in Order.objects.order_by("requested_at")]
    assert dues[:3] == ["confirmation"] * 3 and set(dues[3:]) == {"completion"}


def test_without_people_the_demo_makes_no_orders(in_town_a):
    UserFactory(roles=[Role.RESIDENT, Role.PROVIDER])
    load_demo(town=in_town_a)
    assert Offer.objects.count() == 40
    assert Order.objects.count() == 0
