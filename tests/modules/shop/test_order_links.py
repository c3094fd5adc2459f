"""The business's one-click links: every way a link can be wrong changes nothing, reading a
link's page never uses it up, and the step itself works exactly once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from modules.shop.links import make_order_token, read_order_link
from modules.shop.models import Offer, Order, OrderEvent, Provider, ShopSettings
from modules.shop.services.orders import ByLink, accept_order, confirm_order
from portal.accounts.models import User
from tests.factories.shop import OfferFactory, ProviderFactory, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(painter: Provider) -> Offer:
    return OfferFactory(provider=painter)


@pytest.fixture
def order(offer: Offer, resident: User) -> Order:
    return make_order(offer=offer, resident=resident, note="Bitte klingeln.")


def _url(action: str, token: str) -> str:
    return f"/shop/answer/{action}/{token}/"


def _accept_data(order: Order) -> dict[str, str]:
    return {"window": "0"}


def _state(order: Order) -> tuple[Any, ...]:
    fresh = Order.objects.get(pk=order.pk)
    return (fresh.status, fresh.appointment_start, fresh.reason, fresh.events.count())


def test_accepting_from_the_link_works_once(client_a: Any, order: Order) -> None:
    # given a fresh accept link
    token = make_order_token(order=order, action="accept")
    # when the business opens it twice (a mail scanner first) and then sends the form
    for _ in range(2):
        page = client_a.get(_url("accept", token))
        assert page.status_code == 200
    response = client_a.post(_url("accept", token), _accept_data(order))
    # then the order is accepted by the link, for the first window
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.ACCEPTED
    assert order.appointment_start.isoformat() == order.windows[0]["start"]
    event = order.events.get(action=OrderEvent.Action.ACCEPTED)
    assert event.via_link and event.actor is None
    # and the address shows only now
    assert order.place in response.content.decode()
    # when the link is opened again or replayed, it is gone and nothing changes
    before = _state(order)
    again = client_a.get(_url("accept", token))
    replay = client_a.post(_url("accept", token), _accept_data(order))
    assert again.status_code == 410 and replay.status_code == 410
    assert "no longer valid" in again.content.decode()
    assert _state(order) == before


def test_the_page_shows_the_request_without_the_address(client_a: Any, order: Order) -> None:
    token = make_order_token(order=order, action="accept")
    response = client_a.get(_url("accept", token))
    body = response.content.decode()
    assert order.need in body and "Bitte klingeln." in body
    assert order.place not in body and "Marktplatz" not in body
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_a_question_link_is_used_up_by_its_post_only(client_a: Any, order: Order) -> None:
    token = make_order_token(order=order, action="question")
    assert client_a.get(_url("question", token)).status_code == 200
    # when the question is sent, the request stays open and the question is recorded
    response = client_a.post(_url("question", token), {"question": "Welche Farbe?"})
    assert response.status_code == 200
    assert order.events.filter(action="question", text="Welche Farbe?").count() == 1
    # then the same link neither shows nor sends a second one
    assert client_a.get(_url("question", token)).status_code == 410
    assert client_a.post(_url("question", token), {"question": "Noch was?"}).status_code == 410
    assert order.events.filter(action="question").count() == 1


def test_a_forged_link_is_a_404_and_changes_nothing(client_a: Any, order: Order) -> None:
    token = make_order_token(order=order, action="decline")
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    before = _state(order)
    for url in (_url("decline", forged), _url("decline", "nosuch"), _url("delete", token)):
        assert client_a.get(url).status_code == 404
        assert client_a.post(url, {"reason": "Keine Zeit"}).status_code == 404
    assert _state(order) == before


def test_a_link_for_another_step_is_refused(client_a: Any, order: Order) -> None:
    # given a link to ask a question, used as if it were a decline link
    token = make_order_token(order=order, action="question")
    response = client_a.post(_url("decline", token), {"reason": "Keine Zeit"})
    assert response.status_code == 404
    assert Order.objects.get(pk=order.pk).status == Order.Status.REQUESTED


def test_a_link_of_another_town_is_unknown_there(client_b: Any, order: Order, town_b: Any) -> None:
    # given town A's link, sent to town B's host
    token = make_order_token(order=order, action="decline")
    before = _state(order)
    assert client_b.get(_url("decline", token)).status_code == 404
    assert client_b.post(_url("decline", token), {"reason": "Keine Zeit"}).status_code == 404
    assert _state(order) == before


def test_a_link_names_its_own_order_only(
    client_a: Any, order: Order, offer: Offer, resident: User
) -> None:
    # given two orders of one business and the accept link of the first
    other = make_order(offer=offer, resident=resident)
    token = make_order_token(order=order, action="accept")
    # when it is used
    client_a.post(_url("accept", token), {"window": "0"})
    # then only its own order moved
    assert Order.objects.get(pk=order.pk).status == Order.Status.ACCEPTED
    assert Order.objects.get(pk=other.pk).status == Order.Status.REQUESTED


def test_a_link_stops_working_when_the_order_moved_to_another_business(
    client_a: Any, order: Order
) -> None:
    token = make_order_token(order=order, action="decline")
    Order.objects.filter(pk=order.pk).update(provider=ProviderFactory())
    assert client_a.get(_url("decline", token)).status_code == 410
    assert client_a.post(_url("decline", token), {"reason": "Nein"}).status_code == 410
    assert Order.objects.get(pk=order.pk).status == Order.Status.REQUESTED


def test_an_answer_link_expires_with_the_request(client_a: Any, order: Order) -> None:
    # given the town's answer time (48 hours) and a decline link
    token = make_order_token(order=order, action="decline")
    assert ShopSettings.current().request_expiry_hours == 48
    # when the business opens it after the request's answer time
    with time_machine.travel(order.expires_at + timedelta(minutes=1)):
        page = client_a.get(_url("decline", token))
        sent = client_a.post(_url("decline", token), {"reason": "Zu spät"})
    # then it is gone and nothing changes
    assert page.status_code == 410 and sent.status_code == 410
    assert Order.objects.get(pk=order.pk).status == Order.Status.REQUESTED


def test_the_done_link_lasts_thirty_days_after_the_appointment(
    client_a: Any, order: Order, resident: User
) -> None:
    window = order.windows[0]
    accept_order(order=order, by=ByLink(order.provider), start=window["start"], end=window["end"])
    confirm_order(order=order, by=resident)
    token = make_order_token(order=order, action="complete")
    order.refresh_from_db()
    # thirty days from the appointment's end (three days ahead), not from the mail
    with time_machine.travel(order.appointment_end + timedelta(days=31)):
        assert client_a.get(_url("complete", token)).status_code == 410
    with time_machine.travel(order.appointment_end + timedelta(days=29)):
        assert client_a.post(_url("complete", token), {}).status_code == 200
    assert Order.objects.get(pk=order.pk).status == Order.Status.COMPLETED


def test_an_answered_request_makes_the_other_links_invalid(client_a: Any, order: Order) -> None:
    # given all three links of a request, and the business declined with one
    tokens = {a: make_order_token(order=order, action=a) for a in ("accept", "decline")}
    assert (
        client_a.post(_url("decline", tokens["decline"]), {"reason": "Urlaub"}).status_code == 200
    )
    # when the accept link is tried afterwards, it is no longer valid
    assert client_a.get(_url("accept", tokens["accept"])).status_code == 410
    assert client_a.post(_url("accept", tokens["accept"]), {"window": "0"}).status_code == 410
    assert Order.objects.get(pk=order.pk).status == Order.Status.DECLINED


def test_a_refused_step_shows_on_the_form_and_keeps_the_link(client_a: Any, order: Order) -> None:
    # given an accept link and a time in the past
    token = make_order_token(order=order, action="accept")
    yesterday = (timezone.localtime() - timedelta(days=1)).date().isoformat()
    data = {"window": "other", "day": yesterday, "start_time": "10:00", "end_time": "12:00"}
    # when it is sent, the service's refusal is shown and nothing changes
    refused = client_a.post(_url("accept", token), data)
    assert refused.status_code == 400
    assert "lies in the past" in refused.content.decode()
    assert Order.objects.get(pk=order.pk).status == Order.Status.REQUESTED
    # then the link still works for a good answer
    assert client_a.post(_url("accept", token), {"window": "0"}).status_code == 200


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("decline", {"reason": ""}, "This field is required."),
        ("decline", {"reason": "x" * 501}, "at most 500"),
        ("question", {"question": "   "}, "This field is required."),
        ("accept", {"window": "other"}, "Please give the day and the times"),
        ("accept", {"window": "7"}, "Select a valid choice"),
        (
            "accept",
            {"window": "other", "day": "2099-01-01", "start_time": "12:00", "end_time": "10:00"},
            "ends before it starts",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(
    client_a: Any, order: Order, action: str, data: dict[str, str], message: str
) -> None:
    token = make_order_token(order=order, action=action)
    response = client_a.post(_url(action, token), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state(order)[0] == Order.Status.REQUESTED and order.events.count() == 1


def test_markup_in_the_request_is_inert_on_the_page(
    client_a: Any, offer: Offer, resident: User
) -> None:
    order = make_order(offer=offer, resident=resident, need="<script>alert(1)</script>")
    body = client_a.get(_url("accept", make_order_token(order=order, action="accept"))).content
    assert b"<script>alert(1)" not in body and b"&lt;script&gt;alert(1)" in body


def test_reading_the_link_does_not_use_it_up(order: Order) -> None:
    token = make_order_token(order=order, action="decline")
    assert read_order_link(token=token, action="decline", use=False) == order
    assert read_order_link(token=token, action="decline", use=False) == order
    assert read_order_link(token=token, action="decline", use=True) == order
    assert read_order_link(token=token, action="decline", use=True) is None
    assert read_order_link(token=token, action="decline", use=False) is None


def test_a_step_refused_with_permission_denied_gives_the_link_back(
    client_a: Any, order: Order, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a decline link whose step is refused as not allowed (not a ValidationError)
    from django.core.exceptions import PermissionDenied

    from modules.shop.views import answer

    token = make_order_token(order=order, action="decline")

    def refuse(**kwargs: Any) -> None:
        raise PermissionDenied("not now")

    form_class, step = answer.STEPS["decline"]
    monkeypatch.setitem(answer.STEPS, "decline", (form_class, refuse))
    # when it is sent, it is refused and nothing changes
    assert client_a.post(_url("decline", token), {"reason": "Urlaub"}).status_code == 403
    assert Order.objects.get(pk=order.pk).status == Order.Status.REQUESTED
    # then the link was given back: it still works once the step is allowed again
    monkeypatch.setitem(answer.STEPS, "decline", (form_class, step))
    assert client_a.post(_url("decline", token), {"reason": "Urlaub"}).status_code == 200
    assert Order.objects.get(pk=order.pk).status == Order.Status.DECLINED


def test_the_done_link_lasts_until_thirty_days_after_a_far_appointment(
    client_a: Any, order: Order, resident: User
) -> None:
    # given an appointment ten months ahead, confirmed now, and its "mark as done" link
    start = (timezone.now() + timedelta(days=300)).replace(microsecond=0)
    end = start + timedelta(hours=2)
    accept_order(order=order, by=ByLink(order.provider), start=start, end=end)
    confirm_order(order=order, by=resident)
    token = make_order_token(order=order, action="complete")
    # then it still works 29 days after the appointment, and no longer 31 days after it
    with time_machine.travel(end + timedelta(days=31)):
        assert client_a.get(_url("complete", token)).status_code == 410
    with time_machine.travel(end + timedelta(days=29)):
        assert client_a.get(_url("complete", token)).status_code == 200
        assert client_a.post(_url("complete", token), {}).status_code == 200
    assert Order.objects.get(pk=order.pk).status == Order.Status.COMPLETED
