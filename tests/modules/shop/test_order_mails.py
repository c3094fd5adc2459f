"""The e-mails of an order's steps: who gets what, in the town's branding; the business never
sees the address before it accepts; appointments carry an .ics; a failing mail server loses
nothing and an event never mails twice."""

from __future__ import annotations

import re
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from modules.shop.models import ContactBy, Offer, Order, OrderEvent, Provider
from modules.shop.services.orders import (
    ByLink,
    accept_order,
    ask_question,
    cancel_order,
    complete_order,
    confirm_order,
    decline_order,
    expire_order,
)
from modules.shop.tasks import send_order_event_mail
from portal.accounts.models import Role, User
from portal.behalf.services import record_consent
from portal.branding.models import Branding
from portal.mail import send_town_email
from tests.factories import UserFactory
from tests.factories.shop import OfferFactory, make_order

pytestmark = pytest.mark.django_db

PLACE = "Marktplatz 1, 71263 Weil der Stadt"
BUSINESS = "anfragen@maler-keller.example"


@pytest.fixture
def offer(painter: Provider) -> Offer:
    Provider.objects.filter(pk=painter.pk).update(request_email=BUSINESS)
    painter.refresh_from_db()
    return OfferFactory(provider=painter, title="Fenster putzen")


@pytest.fixture
def branded(in_town_a: Any) -> Branding:
    branding, _created = Branding.objects.get_or_create(singleton=True)
    branding.display_name = "Weil der Stadt"
    branding.primary_colour = "#123456"
    branding.contact_email = "rathaus@weil.example"
    branding.contact_phone = "07033 52100"
    branding.save()
    return branding


@pytest.fixture
def mails(django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]) -> Any:
    """Run `step()` and return the e-mails it sent (the tasks run when it commits)."""

    def run(step: Any) -> list[Any]:
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = step()
        run.result = result  # type: ignore[attr-defined]
        return list(mailoutbox[before:])

    return run


def _to(messages: list[Any], address: str) -> Any:
    found = [m for m in messages if address in m.to]
    assert len(found) == 1, [m.to for m in messages]
    return found[0]


def _html(message: Any) -> str:
    return str(message.alternatives[0][0])


def _links(text: str) -> list[str]:
    return re.findall(r"https?://\S+/shop/answer/\S+/", text)


def _ics(message: Any) -> icalendar.Calendar:
    files = [a for a in message.attachments if a[0].endswith(".ics")]
    assert len(files) == 1, message.attachments
    _filename, content, mimetype = files[0]
    assert mimetype == "text/calendar"
    raw = content.encode() if isinstance(content, str) else content
    return icalendar.Calendar.from_ical(raw)


def _accepted(order: Order) -> Order:
    window = order.windows[0]
    return accept_order(
        order=order, by=ByLink(order.provider), start=window["start"], end=window["end"]
    )


def test_the_request_reaches_the_business_without_the_address(
    branded: Branding, offer: Offer, resident: User, mails: Any
) -> None:
    # given a resident who wants to be answered by e-mail and left a phone number anyway
    sent = mails(
        lambda: make_order(
            offer=offer,
            resident=resident,
            need="Drei Fenster im Erdgeschoss.",
            note="Bitte klingeln.",
            contact_phone="07033 123456",
        )
    )
    # then the business gets the request in the town's branding, with its three links
    business = _to(sent, BUSINESS)
    html = _html(business)
    assert "Weil der Stadt" in business.subject and "Fenster putzen" in business.subject
    assert "#123456" in html and "Weil der Stadt" in business.from_email
    for text in ("Drei Fenster im Erdgeschoss.", "Bitte klingeln.", resident.email):
        assert text in business.body and text in html
    assert (
        len({link.split("/shop/answer/")[1].split("/")[0] for link in _links(business.body)}) == 3
    )
    # and neither the address nor the phone number
    for secret in (PLACE, "Marktplatz", "07033 123456"):
        assert secret not in business.body and secret not in html
    # and answering the e-mail answers the resident
    assert business.reply_to == [resident.email]
    # and the resident is told it was sent
    copy = _to(sent, resident.email)
    assert run_number(mails) in copy.body
    assert "rathaus@weil.example" in copy.reply_to


def run_number(mails: Any) -> str:
    return str(mails.result.number)


def test_the_links_in_the_request_mail_answer_it(
    client_a: Any, branded: Branding, offer: Offer, resident: User, mails: Any
) -> None:
    sent = mails(lambda: make_order(offer=offer, resident=resident))
    order = mails.result
    accept = next(link for link in _links(_to(sent, BUSINESS).body) if "/accept/" in link)
    path = "/" + accept.split("/", 3)[3]
    assert client_a.post(path, {"window": "0"}).status_code == 200
    assert Order.objects.get(pk=order.pk).status == Order.Status.ACCEPTED


def test_a_resident_who_wants_a_call_gives_the_business_the_number(
    branded: Branding, offer: Offer, resident: User, mails: Any
) -> None:
    sent = mails(
        lambda: make_order(
            offer=offer, resident=resident, contact_by=ContactBy.PHONE, contact_phone="07033 99"
        )
    )
    business = _to(sent, BUSINESS)
    assert "07033 99" in business.body and PLACE not in business.body
    # the resident's address is not the answer address when they want to be phoned
    assert resident.email not in business.reply_to


def test_a_request_the_network_manager_entered_says_so(
    branded: Branding, offer: Offer, moderator: User, mails: Any
) -> None:
    admin = UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN], email="admin@example.org")
    person = UserFactory(email="oma@example.org", full_name="Hilde Maier")
    record_consent(recorded_by=admin, person=person, scopes=["shop_requests"], given_how="phone")
    sent = mails(
        lambda: make_order(
            offer=offer,
            resident=moderator,
            on_behalf_of=person,
            contact_by=ContactBy.NETWORK_MANAGER,
        )
    )
    business = _to(sent, BUSINESS)
    assert "network manager has entered this request for Hilde Maier" in business.body
    assert "07033 52100" in business.body  # how to reach them: the network manager
    assert _to(sent, "oma@example.org")


def test_a_question_goes_to_the_resident_and_their_answer_to_the_business(
    branded: Branding, offer: Offer, resident: User, mails: Any
) -> None:
    order = make_order(offer=offer, resident=resident)
    sent = mails(lambda: ask_question(order=order, by=ByLink(offer.provider), question="Welche?"))
    message = _to(sent, resident.email)
    assert "Welche?" in message.body and message.reply_to == [BUSINESS]
    assert len(sent) == 1


def test_the_accepted_mail_shows_the_appointment_and_links_the_order(
    branded: Branding, offer: Offer, resident: User, mails: Any
) -> None:
    order = make_order(offer=offer, resident=resident)
    sent = mails(lambda: _accepted(order))
    message = _to(sent, resident.email)
    assert f"/shop/orders/{order.public_id}/" in message.body
    assert re.search(r"\d\d:\d\d\u2013\d\d:\d\d", message.body)
    assert not message.attachments  # nothing is agreed before the resident confirms


def test_the_declined_mail_gives_the_reason_and_other_offers(
    branded: Branding, offer: Offer, resident: User, mails: Any
) -> None:
    order = make_order(offer=offer, resident=resident)
    sent = mails(lambda: decline_order(order=order, by=ByLink(offer.provider), reason="Urlaub"))
    message = _to(sent, resident.email)
    assert "Urlaub" in message.body
    assert f"/shop/offers/?category={offer.category.slug}" in message.body


def test_the_confirmation_carries_an_ics_for_both_and_the_done_link(
    branded: Branding, offer: Offer, resident: User, mails: Any
) -> None:
    # given an accepted request
    order = _accepted(make_order(offer=offer, resident=resident))
    # when the resident confirms
    sent = mails(lambda: confirm_order(order=order, by=resident))
    order.refresh_from_db()
    # then both get the appointment as a calendar file, with the order's number
    business, person = _to(sent, BUSINESS), _to(sent, resident.email)
    for message, for_business in ((business, True), (person, False)):
        assert order.number in message.body
        (event,) = _ics(message).walk("VEVENT")
        assert event.decoded("dtstart") == order.appointment_start
        assert str(event["status"]) == "CONFIRMED"
        assert order.number in str(event["description"])
        assert str(event["location"]) == PLACE
        # each calendar names the other party
        other = resident.full_name if for_business else offer.provider.name
        assert other in str(event["summary"])
    # and the business now sees the place and the link to mark the job as done
    assert PLACE in business.body
    assert any("/complete/" in link for link in _links(business.body))


def test_markup_is_inert_in_the_mails_and_the_ics(
    branded: Branding, offer: Offer, resident: User, mails: Any
) -> None:
    need = "<script>alert(1)</script>\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:fake"
    requested = mails(lambda: make_order(offer=offer, resident=resident, need=need))
    html = _html(_to(requested, BUSINESS))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    order = _accepted(mails.result)
    sent = mails(lambda: confirm_order(order=order, by=resident))
    calendar = _ics(_to(sent, BUSINESS))
    assert len(calendar.walk("VEVENT")) == 1
    assert "<script>alert(1)</script>" in str(calendar.walk("VEVENT")[0]["description"])


def test_completion_tells_both(branded: Branding, offer: Offer, resident: User, mails: Any) -> None:
    order = _accepted(make_order(offer=offer, resident=resident))
    confirm_order(order=order, by=resident)
    sent = mails(lambda: complete_order(order=order, by=ByLink(offer.provider)))
    assert {address for m in sent for address in m.to} == {BUSINESS, resident.email}
    assert all(order.number in m.subject for m in sent)


def test_a_cancelled_appointment_is_taken_out_of_both_calendars(
    branded: Branding, offer: Offer, resident: User, mails: Any
) -> None:
    order = _accepted(make_order(offer=offer, resident=resident))
    confirm_order(order=order, by=resident)
    sent = mails(lambda: cancel_order(order=order, by=resident, reason="Umzug"))
    business = _to(sent, BUSINESS)
    assert "Umzug" in business.body and resident.full_name in business.body
    for message in (business, _to(sent, resident.email)):
        (event,) = _ics(message).walk("VEVENT")
        assert str(event["status"]) == "CANCELLED"


def test_a_request_cancelled_by_the_business_tells_only_the_resident(
    branded: Branding, offer: Offer, resident: User, mails: Any
) -> None:
    order = make_order(offer=offer, resident=resident)
    sent = mails(lambda: cancel_order(order=order, by=ByLink(offer.provider), reason="Krank"))
    assert [m.to for m in sent] == [[resident.email]]
    assert "Krank" in sent[0].body and not sent[0].attachments


def test_an_expired_request_tells_the_resident_and_alerts_the_network_managers(
    branded: Branding, offer: Offer, resident: User, moderator: User, mails: Any
) -> None:
    order = make_order(offer=offer, resident=resident)
    Order.objects.filter(pk=order.pk).update(expires_at=order.requested_at)
    sent = mails(lambda: expire_order(order=order))
    assert f"?category={offer.category.slug}" in _to(sent, resident.email).body
    alert = _to(sent, moderator.email)
    assert order.number in alert.subject and BUSINESS in alert.body
    assert not [m for m in sent if BUSINESS in m.to]


def test_the_business_is_written_to_in_the_towns_language_the_resident_in_theirs(
    branded: Branding, offer: Offer, mails: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a German-speaking town (the test towns speak English) and an English resident
    from django.db import connection

    monkeypatch.setattr(connection.tenant, "default_language", "de")
    english = UserFactory(email="en@example.org", language="en")
    sent = mails(lambda: make_order(offer=offer, resident=english))
    business = _to(sent, BUSINESS)
    assert business.body.startswith("Guten Tag,")
    assert "fragt über das Portal der Gemeinde Ihr Angebot „Fenster putzen“ an" in business.body
    assert "Annehmen und Termin vorschlagen" in str(business.alternatives[0][0])
    assert _to(sent, "en@example.org").body.startswith("Hello ")


class FailingOnceBackend(EmailBackend):
    """A mail server that is down for the first message and up afterwards."""

    failures = 0

    def send_messages(self, messages: Any) -> int:
        if FailingOnceBackend.failures == 0:
            FailingOnceBackend.failures += 1
            raise ConnectionRefusedError("smtp down")
        return super().send_messages(messages)


def test_a_failing_mail_server_loses_nothing(
    settings: Any,
    offer: Offer,
    resident: User,
    mailoutbox: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a mail server that refuses the first message, and a broker that keeps messages
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnceBackend"
    FailingOnceBackend.failures = 0
    queued: list[tuple[Any, Any]] = []
    monkeypatch.setattr(
        send_town_email,
        "apply_async",
        lambda args=(), kwargs=None, **options: queued.append((args, kwargs or {})),
    )
    # when a request is made and the worker tries its mails
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(offer=offer, resident=resident)
    assert len(queued) == 2
    with pytest.raises(OSError):
        send_town_email.run(*queued[0][0], **queued[0][1])
    # then the order and its event are stored, and the task retries on that error
    assert Order.objects.get(pk=order.pk).events.get().mailed_at is not None
    assert issubclass(ConnectionRefusedError, send_town_email.autoretry_for)
    assert mailoutbox == []
    # and the retry (the same message run again) sends it, and the other mail goes too
    for args, kwargs in queued:
        send_town_email.run(*args, **kwargs)
    assert sorted(a for m in mailoutbox for a in m.to) == sorted([BUSINESS, resident.email])


def test_an_event_never_mails_twice(offer: Offer, resident: User, mails: Any) -> None:
    # given a request whose mails went out
    first = mails(lambda: make_order(offer=offer, resident=resident))
    event = OrderEvent.objects.get(order=mails.result)
    # when the task runs again for the same event (a redelivered message)
    again = mails(lambda: send_order_event_mail.apply(args=[event.pk]).get())
    # then nothing more is sent
    assert len(first) == 2 and again == [] and mails.result is False
    assert len(mail.outbox) == 2


def test_mail_times_are_written_in_the_towns_zone(in_town_a: Any, settings: Any) -> None:
    # given a worker whose default zone is UTC and a town in Berlin
    from datetime import UTC, datetime

    from django.db import connection

    from modules.shop.order_mails import when

    settings.TIME_ZONE = "UTC"
    connection.tenant.time_zone = "Europe/Berlin"
    start = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
    end = datetime(2027, 1, 11, 11, 0, tzinfo=UTC)
    # when the span is written, then it is the town's wall clock (UTC+1 in January)
    assert when(start, end, "de").endswith("10:00\u201312:00")
