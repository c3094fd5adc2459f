"""The business's dashboard: who reaches it, what each section shows, its query count, and the
shop's figures on the town's console."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modules.shop.dashboard import dashboard_figures
from modules.shop.models import Offer, Order, Provider
from modules.shop.selectors_dashboard import provider_dashboard
from modules.shop.selectors_response import response_times
from modules.shop.services.orders import (
    ByLink,
    accept_order,
    complete_order,
    confirm_order,
    decline_order,
)
from portal.accounts.models import User
from portal.dashboard.figures import last_year_weeks
from tests.factories import UserFactory
from tests.factories.shop import OfferFactory, ProviderFactory, make_order, soon

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def offer(painter: Provider) -> Offer:
    return OfferFactory(provider=painter, title="Wände streichen")


def _accept(order: Order, *, days: int = 3) -> Order:
    window = soon(days=days)
    return accept_order(
        order=order, by=ByLink(order.provider), start=window["start"], end=window["end"]
    )


def _done(order: Order, resident: User) -> Order:
    _accept(order)
    confirm_order(order=order, by=resident)
    return complete_order(order=order, by=ByLink(order.provider))


# --- who reaches it -------------------------------------------------------------------------


def test_the_owner_of_one_business_is_sent_straight_to_its_dashboard(client_a, owner, painter):
    client_a.force_login(owner)
    response = client_a.get("/shop/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/shop/p/maler-keller/dashboard/"
    assert client_a.get(response["Location"]).status_code == 200


def test_the_owner_of_several_businesses_chooses_one(client_a, owner, painter):
    ProviderFactory(name="Keller Gartenpflege", slug="keller-garten", owner=owner)
    ProviderFactory(name="Fremder Betrieb", slug="fremd", owner=UserFactory())
    client_a.force_login(owner)
    response = client_a.get("/shop/dashboard/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/shop/p/maler-keller/dashboard/" in html
    assert "/shop/p/keller-garten/dashboard/" in html
    assert "Fremder Betrieb" not in html


def test_someone_without_a_business_is_told_so(client_a, resident):
    client_a.force_login(resident)
    response = client_a.get("/shop/dashboard/")
    assert response.status_code == 200
    assert "You have no business profile yet." in response.content.decode()


def test_anonymous_visitors_are_asked_to_log_in(client_a, painter):
    for url in ("/shop/dashboard/", "/shop/p/maler-keller/dashboard/"):
        response = client_a.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_network_manager_runs_the_dashboard_of_a_profile_without_owner(
    client_a, moderator, painter
):
    # given a profile nobody has claimed and one with an owner
    unowned = ProviderFactory(name="Bäckerei ohne Inhaber", slug="baeckerei")
    client_a.force_login(moderator)
    # then the network manager opens the first, and not the business's own
    assert client_a.get(f"/shop/p/{unowned.slug}/dashboard/").status_code == 200
    assert client_a.get("/shop/p/maler-keller/dashboard/").status_code == 403
    # and the choice lists it among the businesses they run
    assert "/shop/p/baeckerei/dashboard/" in client_a.get("/shop/dashboard/").content.decode()


def test_a_resident_and_another_business_are_refused(client_a, resident, other_provider, painter):
    for person in (resident, other_provider):
        client_a.force_login(person)
        assert client_a.get("/shop/p/maler-keller/dashboard/").status_code == 403


def test_a_waiting_profile_of_someone_else_does_not_exist_for_a_resident(client_a, resident):
    ProviderFactory(slug="wartet", status=Provider.Status.PENDING, owner=UserFactory())
    client_a.force_login(resident)
    assert client_a.get("/shop/p/wartet/dashboard/").status_code == 404


def test_town_b_does_not_know_the_dashboard(outsider_client, painter):
    assert outsider_client.get("/shop/p/maler-keller/dashboard/").status_code == 404


def test_shop_off_means_no_dashboard(client_a, owner, painter, shop_off):
    client_a.force_login(owner)
    assert client_a.get("/shop/dashboard/").status_code == 404


# --- what it shows --------------------------------------------------------------------------


def test_open_requests_are_newest_first_with_the_time_left(offer, resident):
    # given two requests, the older one about to expire, and one already answered
    older = make_order(offer=offer, resident=resident)
    Order.objects.filter(pk=older.pk).update(
        requested_at=timezone.now() - timedelta(hours=45),
        expires_at=timezone.now() + timedelta(hours=3, minutes=1),
    )
    newer = make_order(offer=offer, resident=resident)
    decline_order(
        order=make_order(offer=offer, resident=resident),
        by=ByLink(offer.provider),
        reason="Keine Zeit",
    )
    # when
    board = provider_dashboard(provider=offer.provider)
    # then
    assert [item.order.pk for item in board.open_requests] == [newer.pk, older.pk]
    assert board.open_count == 2
    assert board.open_requests[1].minutes_left in (180, 181)
    assert board.open_requests[1].is_urgent
    assert not board.open_requests[0].is_urgent


def test_upcoming_appointments_cover_the_next_30_days_only(offer, resident):
    soon_one = _accept(make_order(offer=offer, resident=resident), days=2)
    confirmed = _accept(make_order(offer=offer, resident=resident), days=5)
    confirm_order(order=confirmed, by=resident)
    far = _accept(make_order(offer=offer, resident=resident), days=3)
    Order.objects.filter(pk=far.pk).update(
        appointment_start=timezone.now() + timedelta(days=40),
        appointment_end=timezone.now() + timedelta(days=40, hours=2),
    )
    past = _accept(make_order(offer=offer, resident=resident), days=3)
    Order.objects.filter(pk=past.pk).update(
        appointment_start=timezone.now() - timedelta(days=1, hours=2),
        appointment_end=timezone.now() - timedelta(days=1),
    )
    board = provider_dashboard(provider=offer.provider)
    assert [order.pk for order in board.upcoming] == [soon_one.pk, confirmed.pk]


def test_every_offer_is_listed_with_its_status(offer, painter):
    OfferFactory(provider=painter, title="Entwurf Tapezieren", status=Offer.Status.DRAFT)
    OfferFactory(provider=painter, title="Versteckt", is_hidden=True)
    OfferFactory(title="Fremdes Angebot")
    board = provider_dashboard(provider=painter)
    assert [o.title for o in board.offers] == ["Versteckt", "Wände streichen", "Entwurf Tapezieren"]


def test_the_page_links_each_request_and_appointment_to_its_order(client_a, owner, offer, resident):
    request = make_order(offer=offer, resident=resident)
    appointment = _accept(make_order(offer=offer, resident=resident))
    client_a.force_login(owner)
    html = client_a.get("/shop/p/maler-keller/dashboard/").content.decode()
    assert f'href="/shop/orders/{request.public_id}/"' in html
    assert f'href="/shop/orders/{appointment.public_id}/"' in html
    assert f'href="/shop/o/{offer.public_id}/"' in html
    assert 'class="stack"' in html


def test_the_median_answer_time_of_the_last_90_days(offer, resident, painter):
    # given answers after 30, 60 and 240 minutes, one of 5 minutes long ago, one unanswered
    now = timezone.now()
    for minutes, days_ago in ((30, 1), (60, 2), (240, 3), (5, 100)):
        order = make_order(offer=offer, resident=resident)
        Order.objects.filter(pk=order.pk).update(
            requested_at=now - timedelta(days=days_ago),
            answered_at=now - timedelta(days=days_ago) + timedelta(minutes=minutes),
        )
    make_order(offer=offer, resident=resident)
    quiet = ProviderFactory()
    # when
    figures = response_times([painter.pk, quiet.pk])
    # then
    assert figures[painter.pk].answered == 3
    assert figures[painter.pk].median_minutes == 60
    assert figures[quiet.pk].answered == 0
    assert figures[quiet.pk].median_minutes is None


def test_the_page_says_so_when_nothing_was_answered_yet(client_a, owner, painter):
    client_a.force_login(owner)
    html = client_a.get("/shop/p/maler-keller/dashboard/").content.decode()
    assert "No requests answered in the last 90 days yet." in html
    assert "No request is waiting for your answer." in html


def test_this_months_fees_are_the_ledgers_and_link_to_the_statement(
    client_a, owner, offer, resident
):
    # given two completed orders (the default rule: 2.00 EUR at completion)
    for _n in range(2):
        _done(make_order(offer=offer, resident=resident), resident)
    # when
    board = provider_dashboard(provider=offer.provider)
    client_a.force_login(owner)
    html = client_a.get("/shop/p/maler-keller/dashboard/").content.decode()
    # then
    assert board.fees_this_month_cents == 400
    assert "4.00\xa0€" in html or "4,00\xa0€" in html
    today = timezone.localdate()
    assert f'href="/shop/p/maler-keller/statement/{today.year}/{today.month}/"' in html


def test_the_dashboard_needs_the_same_queries_for_1_and_10_orders(client_a, owner, offer, resident):
    def orders(n: int) -> None:
        for index in range(n):
            order = make_order(offer=offer, resident=resident)
            if index % 3 == 1:
                _accept(order)
            elif index % 3 == 2:
                _done(order, resident)
        OfferFactory(provider=offer.provider)

    client_a.force_login(owner)
    orders(1)
    client_a.get("/shop/p/maler-keller/dashboard/")  # warms the host -> town cache
    with CaptureQueriesContext(connection) as few:
        assert client_a.get("/shop/p/maler-keller/dashboard/").status_code == 200
    orders(9)
    with CaptureQueriesContext(connection) as many:
        response = client_a.get("/shop/p/maler-keller/dashboard/")
    assert response.content.decode().count("/shop/orders/") >= 6
    assert len(many) == len(few)


def test_markup_in_names_and_requests_is_inert(client_a, owner, painter, resident):
    Provider.objects.filter(pk=painter.pk).update(name=SCRIPT)
    offer = OfferFactory(provider=painter, title=SCRIPT)
    make_order(offer=offer, resident=resident, need=f"Bitte {SCRIPT}")
    client_a.force_login(owner)
    html = client_a.get("/shop/p/maler-keller/dashboard/").content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- the console's figures ------------------------------------------------------------------


def test_the_console_shows_this_months_orders_and_fees(in_town_a, offer, resident):
    # given two orders this month, one completed (2.00 EUR), and one from last month
    _done(make_order(offer=offer, resident=resident), resident)
    make_order(offer=offer, resident=resident)
    old = make_order(offer=offer, resident=resident)
    Order.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=40))
    # when
    (section,) = dashboard_figures(since=last_year_weeks().since)
    # then
    headlines = {str(h.label): (h.value, h.unit) for h in section.headlines}
    assert headlines["Orders this month"] == (2, "count")
    assert headlines["Orders completed this month"] == (1, "count")
    assert headlines["Fees for the LQ Fonds this month"] == (200, "cents")
    assert headlines["Requests waiting for an answer now"] == (2, "count")
    weekly = {series.key: sum(series.weeks.values()) for series in section.series}
    assert weekly == {"shop_orders": 3, "shop_fees": 200}


def test_the_console_page_shows_the_fees_in_euros(client_a, offer, resident):
    _done(make_order(offer=offer, resident=resident), resident)
    client_a.force_login(UserFactory(town_admin=True))
    html = client_a.get("/manage/").content.decode()
    assert "Fees for the LQ Fonds this month" in html
    assert "2,00\xa0€" in html or "2.00\xa0€" in html


def test_confirmed_orders_whose_appointment_ended_are_to_be_marked_as_done(
    client_a, owner, offer, resident
):
    # given a confirmed order whose appointment ended yesterday, and one still ahead
    ended = _accept(make_order(offer=offer, resident=resident), days=3)
    confirm_order(order=ended, by=resident)
    Order.objects.filter(pk=ended.pk).update(
        appointment_start=timezone.now() - timedelta(days=1, hours=2),
        appointment_end=timezone.now() - timedelta(days=1),
    )
    ahead = _accept(make_order(offer=offer, resident=resident), days=3)
    confirm_order(order=ahead, by=resident)
    # when the business opens its dashboard
    board = provider_dashboard(provider=offer.provider)
    client_a.force_login(owner)
    html = client_a.get("/shop/p/maler-keller/dashboard/").content.decode()
    # then the ended one waits to be marked as done, with the way to its order page
    assert [order.pk for order in board.to_mark_done] == [ended.pk]
    assert [order.pk for order in board.upcoming] == [ahead.pk]
    assert "To be marked as done" in html
    assert f"Mark order {ended.number} as done" in html
    assert f'href="/shop/orders/{ended.public_id}/"' in html
