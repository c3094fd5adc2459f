"""Comparing two to four public offers of one category: the table, the provider's median
response time (percentile_cont) and next free weekday, and every refused choice."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modules.shop.models import Offer, Order, OrderStatus, Provider
from modules.shop.selectors_compare import compare_offers, next_free_weekdays
from modules.shop.selectors_response import response_times
from portal.accounts.models import User
from tests.factories.shop import OfferFactory, ProviderFactory, category, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(painter: Provider) -> tuple[Offer, Offer]:
    other = ProviderFactory(name="Glanz und Gloria")
    return (
        OfferFactory(provider=painter, title="Fenster A", duration_minutes=90),
        OfferFactory(provider=other, title="Fenster B", price_cents=4500),
    )


def _answered(offer: Offer, resident: User, minutes: int) -> Order:
    order = make_order(offer=offer, resident=resident)
    Order.objects.filter(pk=order.pk).update(
        answered_at=order.requested_at + timedelta(minutes=minutes)
    )
    return order


def test_the_median_response_time_per_provider_in_one_query(two, resident) -> None:
    first, second = two
    for minutes in (10, 30, 200):
        _answered(first, resident, minutes)
    _answered(second, resident, 20)
    _answered(second, resident, 40)
    make_order(offer=second, resident=resident)  # unanswered: not counted
    lonely = ProviderFactory()
    with CaptureQueriesContext(connection) as queries:
        times = response_times([first.provider_id, second.provider_id, lonely.pk])
    assert len(queries) == 1
    medians = {pk: figure.median_minutes for pk, figure in times.items()}
    assert medians == {first.provider_id: 30, second.provider_id: 30, lonely.pk: None}


def _busy(offer: Offer, resident: User, day: date, status: str = OrderStatus.CONFIRMED) -> None:
    order = make_order(offer=offer, resident=resident)
    start = timezone.make_aware(datetime.combine(day, time(10)))
    Order.objects.filter(pk=order.pk).update(
        status=status, appointment_start=start, appointment_end=start + timedelta(hours=1)
    )


def test_the_next_free_weekday_skips_busy_days_and_weekends(two, resident) -> None:
    first, second = two
    monday = date(2030, 1, 7)
    sunday = monday - timedelta(days=1)
    _busy(first, resident, monday)
    _busy(first, resident, monday + timedelta(days=1), status=OrderStatus.ACCEPTED)
    # a cancelled appointment does not block the day
    _busy(second, resident, monday, status=OrderStatus.CANCELLED)
    with CaptureQueriesContext(connection) as queries:
        free = next_free_weekdays([first.provider_id, second.provider_id], today=sunday)
    assert len(queries) == 1
    assert free[first.provider_id] == monday + timedelta(days=2)
    assert free[second.provider_id] == monday


def test_no_free_weekday_in_fourteen_days(two, resident) -> None:
    first, _ = two
    friday = date(2030, 1, 4)
    for n in range(1, 15):
        _busy(first, resident, friday + timedelta(days=n))
    assert next_free_weekdays([first.provider_id], today=friday) == {first.provider_id: None}


def test_the_compare_page_shows_both_offers_side_by_side(client_a, two, resident) -> None:
    first, second = two
    _answered(first, resident, 45)
    response = client_a.get("/shop/compare/", {"o": [str(first.public_id), str(second.public_id)]})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<table class="stack offer-compare">' in page
    assert page.index("Fenster A") < page.index("Fenster B")
    assert "45 min" in page
    assert "no answers yet" in page
    assert "1 h 30 min" in page
    assert "incl. VAT" in page
    assert page.count("data-label=") >= 12


@pytest.mark.parametrize("count", [0, 1, 5])
def test_other_counts_get_a_clear_message(client_a, painter, count: int) -> None:
    offers = [OfferFactory(provider=painter) for _ in range(count)]
    response = client_a.get("/shop/compare/", {"o": [str(o.public_id) for o in offers]})
    assert response.status_code == 400
    assert "between 2 and 4 offers" in response.content.decode()


def test_the_same_offer_twice_is_not_a_comparison(two) -> None:
    first, _ = two
    assert compare_offers([str(first.public_id), str(first.public_id)]).problem


def test_offers_of_two_categories_are_not_compared(client_a, two) -> None:
    first, _ = two
    bike = OfferFactory(provider=first.provider, category=category("fahrrad-mobilitaet"))
    response = client_a.get("/shop/compare/", {"o": [str(first.public_id), str(bike.public_id)]})
    assert response.status_code == 400
    assert "one category" in response.content.decode()


# A fixed unknown id: pytest-xdist's workers must collect the same test names.
UNKNOWN_ID = "5283a9c0-caa4-4b5b-91ec-3d43a682c7d8"


@pytest.mark.parametrize("bad", ["not-a-uuid", "<script>", UNKNOWN_ID])
def test_unknown_or_malformed_ids_are_refused(client_a, two, bad: str) -> None:
    first, _ = two
    response = client_a.get("/shop/compare/", {"o": [str(first.public_id), bad]})
    assert response.status_code == 400
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]


def test_hidden_and_draft_offers_cannot_be_compared(two) -> None:
    first, second = two
    Offer.objects.filter(pk=second.pk).update(is_hidden=True)
    assert compare_offers([str(first.public_id), str(second.public_id)]).problem
    Offer.objects.filter(pk=second.pk).update(is_hidden=False, status=Offer.Status.DRAFT)
    assert compare_offers([str(first.public_id), str(second.public_id)]).problem


def test_the_comparison_takes_a_constant_number_of_queries(two, painter) -> None:
    first, second = two
    with CaptureQueriesContext(connection) as pair:
        compare_offers([str(first.public_id), str(second.public_id)])
    more = [OfferFactory(provider=ProviderFactory()) for _ in range(2)]
    with CaptureQueriesContext(connection) as four:
        compare_offers([str(o.public_id) for o in (first, second, *more)])
    assert len(four) == len(pair) == 3


def test_offers_of_town_a_cannot_be_compared_in_town_b(client_b, two) -> None:
    first, second = two
    response = client_b.get("/shop/compare/", {"o": [str(first.public_id), str(second.public_id)]})
    assert response.status_code == 400
    assert "Fenster A" not in response.content.decode()


def test_the_comparison_shows_the_dashboards_figure_of_the_last_90_days(two, resident) -> None:
    # given an answer after 10 minutes yesterday and one after 500 minutes 100 days ago
    first, second = two
    _answered(first, resident, 10)
    old = _answered(first, resident, 500)
    long_ago = timezone.now() - timedelta(days=100)
    Order.objects.filter(pk=old.pk).update(
        requested_at=long_ago, answered_at=long_ago + timedelta(minutes=500)
    )
    # when
    comparison = compare_offers([str(first.public_id), str(second.public_id)])
    # then the old answer counts in neither the comparison nor the dashboard
    assert comparison.offers[0].response_minutes == 10
    assert response_times([first.provider_id])[first.provider_id].median_minutes == 10
