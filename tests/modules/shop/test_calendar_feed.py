"""A business's private iCal feed: what it lists, its secret address (made, renewed, switched
off), who may manage it, bad tokens, another town, and a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modules.shop.models import CalendarFeed, Offer, Order, Provider
from modules.shop.services.calendar_feeds import create_feed, renew_feed, revoke_feed
from modules.shop.services.orders import ByLink, accept_order, cancel_order, complete_order
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.factories.shop import (
    OfferFactory,
    ProviderFactory,
    make_confirmed_order,
    make_order,
)

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def offer(painter: Provider) -> Offer:
    return OfferFactory(provider=painter, title="Wände streichen")


def _feed_url(feed: CalendarFeed) -> str:
    return f"/shop/calendar/{feed.token}.ics"


def _events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(entry["description"]).split("\n")[0]: entry for entry in calendar.walk("VEVENT")}


def _numbers(response) -> set[str]:
    return {key.removeprefix("Order ") for key in _events(response)}


def _move(order: Order, *, days: int, **stamps: object) -> None:
    """Put the order's appointment `days` from now (tests only: the services refuse the past)."""
    start = timezone.now() + timedelta(days=days)
    Order.objects.filter(pk=order.pk).update(
        appointment_start=start, appointment_end=start + timedelta(hours=2), **stamps
    )


# --- what the feed lists ------------------------------------------------------------------


def test_the_feed_lists_proposed_and_confirmed_appointments_of_the_business(
    client_a, offer: Offer, resident: User, owner: User
) -> None:
    # given a confirmed order, an accepted one, an open request and another business's order
    confirmed = make_confirmed_order(offer=offer, resident=resident)
    accepted = make_order(offer=offer, resident=resident)
    window = accepted.windows[0]
    accept_order(
        order=accepted, by=ByLink(offer.provider), start=window["start"], end=window["end"]
    )
    requested = make_order(offer=offer, resident=resident)
    elsewhere = make_confirmed_order(offer=OfferFactory(), resident=resident)
    feed = create_feed(provider=offer.provider, by=owner)
    # when the calendar app fetches the feed
    response = client_a.get(_feed_url(feed))
    # then it is an iCalendar of the business's appointments
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("private")
    events = _events(response)
    assert _numbers(response) == {confirmed.number, accepted.number}
    assert requested.number not in _numbers(response)
    assert elsewhere.number not in _numbers(response)
    assert str(events[f"Order {confirmed.number}"]["status"]) == "CONFIRMED"
    assert str(events[f"Order {accepted.number}"]["status"]) == "TENTATIVE"
    # the business sees the customer and the place once it accepted
    entry = events[f"Order {confirmed.number}"]
    assert resident.full_name in str(entry["summary"])
    assert str(entry["location"]) == confirmed.place
    assert entry.decoded("dtstart") == confirmed.appointment_start


def test_the_feed_reaches_30_days_back_and_shows_cancelled_ones_as_cancelled(
    client_a, offer: Offer, resident: User, owner: User
) -> None:
    # given appointments past and present in every state the feed cares about
    recent = make_confirmed_order(offer=offer, resident=resident)
    _move(recent, days=-20)
    old = make_confirmed_order(offer=offer, resident=resident)
    _move(old, days=-40)
    done = make_confirmed_order(offer=offer, resident=resident)
    complete_order(order=done, by=owner)
    _move(done, days=-10)
    done_long_ago = make_confirmed_order(offer=offer, resident=resident)
    complete_order(order=done_long_ago, by=owner)
    _move(done_long_ago, days=-50, completed_at=timezone.now() - timedelta(days=45))
    cancelled = make_confirmed_order(offer=offer, resident=resident)
    cancel_order(order=cancelled, by=resident, reason="Krank")
    cancelled_long_ago = make_confirmed_order(offer=offer, resident=resident)
    cancel_order(order=cancelled_long_ago, by=resident, reason="Umgezogen")
    Order.objects.filter(pk=cancelled_long_ago.pk).update(
        cancelled_at=timezone.now() - timedelta(days=31)
    )
    feed = create_feed(provider=offer.provider, by=owner)
    # when the feed is fetched
    response = client_a.get(_feed_url(feed))
    # then
    assert _numbers(response) == {recent.number, done.number, cancelled.number}
    events = _events(response)
    assert str(events[f"Order {cancelled.number}"]["status"]) == "CANCELLED"
    # a cancelled order's address is no longer given to the business
    assert "location" not in events[f"Order {cancelled.number}"]


def test_markup_and_line_breaks_in_a_request_stay_text_in_the_feed(
    client_a, offer: Offer, resident: User, owner: User
) -> None:
    # given a request whose text tries to end the event and start a forged one
    order = make_confirmed_order(
        offer=offer,
        resident=resident,
        need=f"{SCRIPT}\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Gefälscht",
        place="Marktplatz 1;X-EVIL:1,<b>",
    )
    feed = create_feed(provider=offer.provider, by=owner)
    response = client_a.get(_feed_url(feed))
    body = response.content.decode()
    # then there is exactly one event, and the text is in it, escaped
    assert body.count("\r\nBEGIN:VEVENT\r\n") == 1
    assert "\r\nX-EVIL" not in body
    assert "Marktplatz 1\\;X-EVIL:1\\,<b>" in body  # TEXT escaping of ; and ,
    assert "\r\nSUMMARY:Gefälscht" not in body
    entry = _events(response)[f"Order {order.number}"]
    assert SCRIPT in str(entry["description"])
    assert "END:VEVENT" in str(entry["description"])


def test_the_feed_needs_the_same_queries_for_one_and_for_twenty_appointments(
    client_a, offer: Offer, resident: User, owner: User
) -> None:
    make_confirmed_order(offer=offer, resident=resident)
    feed = create_feed(provider=offer.provider, by=owner)
    client_a.get(_feed_url(feed))  # warms the host -> town cache
    with CaptureQueriesContext(connection) as one:
        assert len(_numbers(client_a.get(_feed_url(feed)))) == 1
    for _n in range(19):
        make_confirmed_order(offer=offer, resident=UserFactory())
    with CaptureQueriesContext(connection) as twenty:
        assert len(_numbers(client_a.get(_feed_url(feed)))) == 20
    assert len(twenty) == len(one)


# --- the secret address -------------------------------------------------------------------


def test_a_feed_token_is_long_random_and_made_once(owner: User, painter: Provider) -> None:
    first = create_feed(provider=painter, by=owner)
    again = create_feed(provider=painter, by=owner)
    assert again.pk == first.pk and again.token == first.token
    assert len(first.token) >= 43
    other = create_feed(provider=ProviderFactory(owner=owner), by=owner)
    assert other.token != first.token


def test_a_renewed_address_replaces_the_old_one(client_a, owner: User, painter: Provider) -> None:
    old = create_feed(provider=painter, by=owner)
    old_url = _feed_url(old)
    new = renew_feed(provider=painter, by=owner)
    assert new.token != old.token
    assert client_a.get(old_url).status_code == 404
    assert client_a.get(_feed_url(new)).status_code == 200
    assert CalendarFeed.objects.filter(provider=painter).count() == 1


def test_a_revoked_address_answers_404(client_a, owner: User, painter: Provider) -> None:
    feed = create_feed(provider=painter, by=owner)
    assert revoke_feed(provider=painter, by=owner) is True
    assert client_a.get(_feed_url(feed)).status_code == 404
    assert revoke_feed(provider=painter, by=owner) is False
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize(
    "token", ["", "x", "nosuch-token-at-all", "a" * 65, "%3Cscript%3E", "..%2F..%2Fetc"]
)
def test_made_up_tokens_answer_404(client_a, owner: User, painter: Provider, token: str) -> None:
    create_feed(provider=painter, by=owner)
    assert client_a.get(f"/shop/calendar/{token}.ics").status_code == 404


def test_a_feed_of_town_a_is_not_found_in_town_b(
    client_a, client_b, owner: User, painter: Provider
) -> None:
    feed = create_feed(provider=painter, by=owner)
    assert client_a.get(_feed_url(feed)).status_code == 200
    assert client_b.get(_feed_url(feed)).status_code == 404


def test_the_feed_is_404_when_the_shop_is_off(
    client_a, owner: User, painter: Provider, shop_off
) -> None:
    feed = create_feed(provider=painter, by=owner)
    assert client_a.get(_feed_url(feed)).status_code == 404


def test_the_feed_takes_no_writes(client_a, owner: User, painter: Provider) -> None:
    feed = create_feed(provider=painter, by=owner)
    assert client_a.post(_feed_url(feed)).status_code == 405
    assert CalendarFeed.objects.get().token == feed.token


# --- who manages it -----------------------------------------------------------------------


def test_only_who_acts_for_the_business_manages_its_feed(
    owner: User, other_provider: User, resident: User, moderator: User, painter: Provider
) -> None:
    # an owned profile: its owner only (not another business, a resident or the moderator)
    for outsider in (other_provider, resident, moderator):
        with pytest.raises(PermissionDenied):
            create_feed(provider=painter, by=outsider)
    # a profile nobody has claimed: the network manager runs it
    unowned = ProviderFactory()
    feed = create_feed(provider=unowned, by=moderator)
    assert renew_feed(provider=unowned, by=moderator).token != feed.token
    with pytest.raises(PermissionDenied):
        revoke_feed(provider=unowned, by=resident)
    assert CalendarFeed.objects.filter(provider=unowned).exists()


def test_the_owner_makes_renews_and_switches_off_the_address_on_the_page(
    client_a, owner: User, painter: Provider
) -> None:
    client_a.force_login(owner)
    page = f"/shop/p/{painter.slug}/calendar/"
    # given no address yet
    response = client_a.get(page)
    assert response.status_code == 200
    assert "Make my calendar address" in response.text
    # when the owner makes one, the page shows it to copy
    response = client_a.post(page, {"action": "create"}, follow=True)
    feed = CalendarFeed.objects.get(provider=painter)
    assert f"/shop/calendar/{feed.token}.ics" in response.text
    assert "webcal://" in response.text
    # when they renew it, the page shows the new one only
    client_a.post(page, {"action": "renew"})
    renewed = CalendarFeed.objects.get(provider=painter)
    html = client_a.get(page).text
    assert renewed.token in html and feed.token not in html
    # when they switch it off, there is none
    response = client_a.post(page, {"action": "revoke"}, follow=True)
    assert not CalendarFeed.objects.exists()
    assert "switched off" in response.text


def test_an_unknown_action_changes_nothing(client_a, owner: User, painter: Provider) -> None:
    feed = create_feed(provider=painter, by=owner)
    client_a.force_login(owner)
    response = client_a.post(f"/shop/p/{painter.slug}/calendar/", {"action": "<b>drop</b>"})
    assert response.status_code == 400
    assert "Please choose one of the buttons." in response.text
    assert "<b>drop</b>" not in response.text
    assert CalendarFeed.objects.get().token == feed.token


def test_the_calendar_page_is_the_businesss_own(
    client_a, owner: User, other_provider: User, moderator: User, painter: Provider
) -> None:
    page = f"/shop/p/{painter.slug}/calendar/"
    # anonymous: asked to log in
    response = client_a.get(page)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # another business and the network manager of an owned profile: refused, nothing made
    for outsider in (other_provider, moderator):
        client_a.force_login(outsider)
        assert client_a.get(page).status_code == 403
        assert client_a.post(page, {"action": "create"}).status_code == 403
    assert not CalendarFeed.objects.exists()
    # the owner sees the link on the profile
    client_a.force_login(owner)
    assert page in client_a.get(f"/shop/p/{painter.slug}/").text


def test_the_calendar_page_of_town_a_is_404_in_town_b(painter: Provider, outsider_client) -> None:
    assert outsider_client.get(f"/shop/p/{painter.slug}/calendar/").status_code == 404
    assert (
        outsider_client.post(f"/shop/p/{painter.slug}/calendar/", {"action": "create"}).status_code
        == 404
    )
