"""The people's order pages: the request form, the order page with each party's steps,
"My orders", requesting for a resident, and the personal-area part; isolation and bad input."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.shop.area import personal_area
from modules.shop.models import Offer, Order, OrderEvent, Provider
from modules.shop.services.orders import ByLink, accept_order, confirm_order
from portal.accounts.models import AuditEntry
from tests.factories.shop import (
    OfferFactory,
    ProviderFactory,
    accepted_order,
    make_order,
    request_form_data,
    requests_consent,
    soon,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(painter: Provider) -> Offer:
    return OfferFactory(provider=painter, title="Fenster putzen")


def _url(offer: Offer) -> str:
    return f"/shop/o/{offer.public_id}/request/"


# --- the request form -----------------------------------------------------------------------


def test_the_form_has_date_and_time_inputs_for_three_windows(client_a, resident, offer):
    client_a.force_login(resident)
    html = client_a.get(_url(offer)).content.decode()
    assert html.count('type="date"') == 3
    assert html.count('type="time"') == 6
    assert "only once it accepts" in html


def test_a_resident_sends_a_request_and_sees_the_order_page(client_a, resident, offer):
    # given a resident on the form with two windows, the third row left empty
    client_a.force_login(resident)
    data = request_form_data(window_2_date=request_form_data(days=4)["window_1_date"])
    data |= {"window_2_start": "14:00", "window_2_end": "15:30"}
    # when she sends it
    response = client_a.post(_url(offer), data, follow=True)
    # then the order exists with both windows and the page says who has how long to answer
    order = Order.objects.get(resident=resident)
    assert response.redirect_chain[-1][0] == f"/shop/orders/{order.public_id}/"
    assert len(order.windows) == 2
    assert order.windows[0]["start"].endswith(("+01:00", "+02:00"))  # the town's wall clock
    html = response.content.decode()
    assert "Your request was sent to Malerbetrieb Keller; it has 48 hours to answer." in html
    assert "Marktplatz 1" in html  # the resident sees her place


def test_the_place_is_prefilled_from_a_managed_residents_address(
    client_a, moderator, resident, offer
):
    from portal.behalf.services import create_managed_resident

    hilde = create_managed_resident(
        created_by=moderator, full_name="Hildegard Maier", address="Kirchgasse 3"
    )
    requests_consent(person=hilde, recorded_by=moderator)
    client_a.force_login(moderator)
    html = client_a.get(f"/shop/o/{offer.public_id}/request/for/{hilde.public_id}/").content
    assert b'value="Kirchgasse 3"' in html
    # she has no e-mail address: the network manager is the way to reach her
    assert re.search(rb'value="network_manager"[^>]*checked', html)


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"need": ""}, "This field is required."),
        ({"need": "x" * 2001}, "at most 2000 characters"),
        ({"place": ""}, "This field is required."),
        ({"window_1_date": "", "window_1_start": "", "window_1_end": ""}, "at least one time"),
        ({"window_1_start": "12:00", "window_1_end": "10:00"}, "ends before it starts"),
        ({"window_1_date": "2020-01-01"}, "lies in the past"),
        ({"window_1_end": ""}, "both times"),
        ({"contact_by": "phone"}, "phone number to call"),
        ({"contact_by": "pigeon"}, "Select a valid choice"),
        ({"contact_phone": "<b>0703</b>", "contact_by": "phone"}, "only contain digits"),
    ],
)
def test_bad_input_shows_the_summary_and_stores_nothing(
    client_a, resident, offer, changes, field_message
):
    client_a.force_login(resident)
    response = client_a.post(_url(offer), request_form_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert "data-error-summary" in html
    assert field_message in html
    assert not Order.objects.exists()


def test_markup_in_the_request_is_inert_on_the_order_page(client_a, resident, owner, offer):
    script = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    client_a.force_login(resident)
    client_a.post(_url(offer), request_form_data(need=script, note=script, place=script))
    order = Order.objects.get()
    assert order.need == script  # stored as typed, escaped when shown
    for user in (resident, owner):
        client_a.force_login(user)
        html = client_a.get(f"/shop/orders/{order.public_id}/").content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("state", ["draft", "hidden", "pending_provider", "withdrawn"])
def test_an_offer_that_is_not_public_cannot_be_requested(client_a, resident, painter, state):
    offer = OfferFactory(provider=painter)
    if state == "draft":
        Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.DRAFT)
    elif state == "withdrawn":
        Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.WITHDRAWN)
    elif state == "hidden":
        Offer.objects.filter(pk=offer.pk).update(is_hidden=True)
    else:
        Provider.objects.filter(pk=painter.pk).update(status=Provider.Status.PENDING)
    client_a.force_login(resident)
    assert client_a.get(_url(offer)).status_code == 404
    assert client_a.post(_url(offer), request_form_data()).status_code == 404
    assert not Order.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client_a, offer):
    response = client_a.get(_url(offer))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- isolation ------------------------------------------------------------------------------


def test_town_b_sees_nothing_of_town_a(outsider_client, resident, offer):
    order = make_order(offer=offer, resident=resident)
    for url in (
        _url(offer),
        f"/shop/orders/{order.public_id}/",
        f"/shop/orders/{order.public_id}/accept/",
        f"/shop/o/{offer.public_id}/request/for/{resident.public_id}/",
        f"/shop/for/{resident.public_id}/",
    ):
        assert outsider_client.get(url).status_code == 404, url
    assert outsider_client.post(f"/shop/orders/{order.public_id}/cancel/", {}).status_code == 404
    order.refresh_from_db()
    assert order.status == Order.Status.REQUESTED


def test_with_the_shop_off_the_pages_are_gone(client_a, resident, offer, shop_off):
    client_a.force_login(resident)
    assert client_a.get(_url(offer)).status_code == 404
    assert client_a.get("/shop/orders/").status_code == 404


# --- the order page and its steps -----------------------------------------------------------


def test_the_business_sees_the_place_only_once_it_accepted(client_a, resident, owner, offer):
    order = make_order(offer=offer, resident=resident, place="Geheimweg 7")
    client_a.force_login(owner)
    page = f"/shop/orders/{order.public_id}/"
    assert "Geheimweg 7" not in client_a.get(page).content.decode()
    window = order.windows[0]
    response = client_a.post(
        f"/shop/orders/{order.public_id}/accept/", {"choice": "0", "value": "", "text": ""}
    )
    assert response.status_code == 302, response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.ACCEPTED
    assert order.appointment_start.isoformat() == window["start"]
    assert "Geheimweg 7" in client_a.get(page).content.decode()


def test_the_business_accepts_with_another_time_and_a_value(client_a, resident, owner, offer):
    order = make_order(offer=offer, resident=resident)
    client_a.force_login(owner)
    day = request_form_data(days=6)["window_1_date"]
    response = client_a.post(
        f"/shop/orders/{order.public_id}/accept/",
        {
            "choice": "other",
            "other_date": day,
            "other_start": "08:00",
            "other_end": "09:30",
            "value": "120.50",
        },
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.declared_value_cents == 12050
    assert order.appointment_end - order.appointment_start == timedelta(minutes=90)


def test_a_refused_step_shows_the_services_message_and_changes_nothing(
    client_a, resident, owner, offer
):
    order = accepted_order(offer=offer, resident=resident)
    client_a.force_login(owner)
    response = client_a.post(f"/shop/orders/{order.public_id}/decline/", {"reason": "Keine Zeit"})
    assert response.status_code == 400
    assert "already been accepted" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.ACCEPTED
    assert order.reason == ""


def test_the_resident_confirms_and_marks_done_on_the_page(client_a, resident, offer):
    order = accepted_order(offer=offer, resident=resident)
    client_a.force_login(resident)
    page = f"/shop/orders/{order.public_id}/"
    assert 'data-step="confirm"' in client_a.get(page).content.decode()
    response = client_a.post(f"/shop/orders/{order.public_id}/confirm/", follow=True)
    assert "The appointment is confirmed" in response.content.decode()
    client_a.post(f"/shop/orders/{order.public_id}/complete/", {"side": "resident"})
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED
    sides = list(order.events.values_list("side", flat=True))
    assert sides == ["resident", "provider", "resident", "resident"]


def test_the_resident_cancels_with_a_reason_and_an_empty_reason_is_refused(
    client_a, resident, offer
):
    order = make_order(offer=offer, resident=resident)
    client_a.force_login(resident)
    url = f"/shop/orders/{order.public_id}/cancel/"
    assert client_a.post(url, {"side": "resident", "reason": "   "}).status_code == 400
    order.refresh_from_db()
    assert order.status == Order.Status.REQUESTED
    assert client_a.post(url, {"side": "resident", "reason": "Erledigt sich"}).status_code == 302
    order.refresh_from_db()
    assert (order.status, order.reason) == (Order.Status.CANCELLED, "Erledigt sich")


def test_the_business_marks_done_with_the_final_value(client_a, resident, owner, offer):
    order = accepted_order(offer=offer, resident=resident)
    confirm_order(order=order, by=resident)
    client_a.force_login(owner)
    response = client_a.post(
        f"/shop/orders/{order.public_id}/complete/", {"side": "business", "value": "99"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.declared_value_cents) == (Order.Status.COMPLETED, 9900)


def test_the_business_asks_a_question(client_a, resident, owner, offer):
    order = make_order(offer=offer, resident=resident)
    client_a.force_login(owner)
    url = f"/shop/orders/{order.public_id}/question/"
    assert client_a.post(url, {"question": ""}).status_code == 400
    assert client_a.post(url, {"question": "Welches Stockwerk?"}).status_code == 302
    assert order.events.filter(action=OrderEvent.Action.QUESTION).count() == 1


def test_another_business_and_another_resident_get_a_404(client_a, resident, other_provider, offer):
    ProviderFactory(owner=other_provider)
    order = accepted_order(offer=offer, resident=resident)
    from tests.factories import UserFactory

    stranger = UserFactory(email="fremd@example.org")
    for user in (other_provider, stranger):
        client_a.force_login(user)
        assert client_a.get(f"/shop/orders/{order.public_id}/").status_code == 404
        assert client_a.post(f"/shop/orders/{order.public_id}/confirm/").status_code == 404
        assert (
            client_a.post(f"/shop/orders/{order.public_id}/accept/", {"choice": "0"}).status_code
            == 404
        )
    order.refresh_from_db()
    assert order.status == Order.Status.ACCEPTED


def test_the_resident_cannot_take_the_businesss_steps(client_a, resident, offer):
    order = make_order(offer=offer, resident=resident)
    client_a.force_login(resident)
    response = client_a.post(f"/shop/orders/{order.public_id}/accept/", {"choice": "0"})
    assert response.status_code == 400
    assert "Only the business" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.REQUESTED


# --- the network manager for a resident -----------------------------------------------------


def test_the_network_manager_requests_for_a_resident_with_consent(
    client_a, moderator, resident, offer
):
    url = f"/shop/o/{offer.public_id}/request/for/{resident.public_id}/"
    client_a.force_login(moderator)
    # without consent: the page says so, nothing is stored
    assert client_a.post(url, request_form_data()).status_code == 403
    assert not Order.objects.exists()
    requests_consent(person=resident, recorded_by=moderator)
    assert resident.full_name in client_a.get(f"/shop/for/{resident.public_id}/").content.decode()
    response = client_a.post(url, request_form_data())
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.resident, order.entered_by) == (resident, moderator)
    event = order.events.get()
    assert (event.side, event.actor, event.on_behalf_of) == ("network_manager", moderator, resident)
    assert AuditEntry.objects.filter(action="shop_order_requested_for").count() == 1
    # and later confirms for them on the order page, shown as acting for her
    window = order.windows[0]
    accept_order(order=order, by=ByLink(offer.provider), start=window["start"], end=window["end"])
    client_a.post(f"/shop/orders/{order.public_id}/confirm/")
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    html = client_a.get(f"/shop/orders/{order.public_id}/").content.decode()
    assert f"Network manager for {resident.full_name}" in html


def test_a_resident_cannot_use_the_request_for_page(client_a, resident, other_provider, offer):
    client_a.force_login(resident)
    url = f"/shop/o/{offer.public_id}/request/for/{other_provider.public_id}/"
    assert client_a.post(url, request_form_data()).status_code == 403
    assert not Order.objects.exists()


# --- My orders and the personal area --------------------------------------------------------


def test_my_orders_lists_open_ones_first_with_constant_queries(client_a, resident, offer):
    done = make_order(offer=offer, resident=resident, need="Alter Auftrag")
    from modules.shop.services.orders import cancel_order

    cancel_order(order=done, by=resident, reason="Umzug")
    make_order(offer=offer, resident=resident, need="Neuer Auftrag")
    client_a.force_login(resident)
    client_a.get("/shop/orders/")
    with CaptureQueriesContext(connection) as few:
        html = client_a.get("/shop/orders/").content.decode()
    assert html.index('data-orders="open"') < html.index('data-orders="closed"')
    for n in range(6):
        other = OfferFactory(provider=ProviderFactory())
        make_order(offer=other, resident=resident, windows=[soon(days=n + 2)])
    with CaptureQueriesContext(connection) as many:
        assert client_a.get("/shop/orders/").status_code == 200
    assert len(many) == len(few)


def test_the_personal_area_names_what_waits_for_the_resident(resident, offer):
    assert personal_area(resident) == []
    accepted_order(offer=offer, resident=resident)
    make_order(offer=offer, resident=resident, windows=[soon(days=4)])
    labels = [str(item.label) for item in personal_area(resident)]
    assert labels == ["1 appointment to confirm", "1 request waiting for an answer"]


def test_without_a_stated_value_a_share_due_at_completion_is_the_businesss_to_mark_done(
    client_a, resident, offer
):
    # given a percentage fee due at completion and an order on request, no value stated
    from billing.fees.rules import FeeRule
    from modules.shop.models import PriceModel, ShopSettings

    settings = ShopSettings.stored()
    settings.fee_rule = FeeRule(
        kind="percentage", due="completion", basis_points=500, minimum_cents=100
    ).as_dict()
    settings.save()
    offer.price_model, offer.price_cents = PriceModel.QUOTE, None
    offer.save()
    order = accepted_order(offer=offer, resident=resident)
    confirm_order(order=order, by=resident)
    # when the resident opens the order page
    client_a.force_login(resident)
    html = client_a.get(f"/shop/orders/{order.public_id}/").content.decode()
    # then "The job is done" is not offered, and the page says why in one sentence
    assert 'data-step="complete"' not in html
    assert "The business marks this order as done when the job is finished" in html
