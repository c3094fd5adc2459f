"""The reminder the day before a confirmed appointment: both sides, once, in this town only."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.shop.models import ContactBy, Offer, Order, Provider
from modules.shop.services.orders import (
    ByLink,
    accept_order,
    cancel_order,
    confirm_order,
    request_offer,
)
from modules.shop.services.reminders import due_reminders, tomorrow_bounds
from modules.shop.tasks import send_appointment_reminders
from portal.accounts.models import Role, User
from portal.behalf import services as behalf
from portal.behalf.models import Consent
from tests.factories import UserFactory
from tests.factories.shop import OfferFactory, ProviderFactory, make_confirmed_order

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def tomorrow_at(hour: int, days: int = 1) -> datetime:
    """`hour` o'clock on the town's day `days` ahead (the test towns are in Europe/Berlin)."""
    day = timezone.now().astimezone(BERLIN).date() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=BERLIN)


@pytest.fixture
def offer(painter: Provider) -> Offer:
    return OfferFactory(provider=painter, title="Wände streichen")


def _run(capture: Any) -> int:
    with capture(execute=True):
        result: int = send_appointment_reminders.apply().get()
    return result


def _to(mailoutbox: list[Any], address: str) -> list[Any]:
    return [message for message in mailoutbox if address in message.to]


def test_both_sides_are_reminded_once_of_tomorrows_appointment(
    offer: Offer, resident: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given an appointment tomorrow at 10:00
    order = make_confirmed_order(offer=offer, resident=resident, start=tomorrow_at(10))
    mailoutbox.clear()
    # when the reminder task runs twice
    assert _run(django_capture_on_commit_callbacks) == 1
    assert _run(django_capture_on_commit_callbacks) == 0
    # then the resident and the business have one reminder each
    to_resident = _to(mailoutbox, resident.email)
    to_business = _to(mailoutbox, offer.provider.request_email)
    assert len(to_resident) == 1 and len(to_business) == 1
    assert len(mailoutbox) == 2
    day = tomorrow_at(10).strftime("%d.%m.%Y")
    assert day in to_resident[0].subject and "10:00" in to_resident[0].subject
    assert offer.provider.name in to_resident[0].body
    assert order.number in to_business[0].body
    assert resident.full_name in to_business[0].body
    assert order.place in to_business[0].body
    # the business may answer the resident, who chose e-mail, directly
    assert to_business[0].reply_to == [resident.email]
    order.refresh_from_db()
    assert order.reminded_at is not None
    assert order.status == Order.Status.CONFIRMED  # a reminder is no step of the order


def test_an_order_cancelled_before_is_not_reminded(
    offer: Offer, resident: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    order = make_confirmed_order(offer=offer, resident=resident, start=tomorrow_at(9))
    cancel_order(order=order, by=resident, reason="Ich bin krank.")
    mailoutbox.clear()
    assert _run(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []
    order.refresh_from_db()
    assert order.reminded_at is None


def test_only_tomorrows_confirmed_appointments_are_due(offer: Offer, resident: User) -> None:
    # given appointments tomorrow early and late, the day after, and one only proposed
    early = make_confirmed_order(offer=offer, resident=resident, start=tomorrow_at(0))
    late = make_confirmed_order(offer=offer, resident=resident, start=tomorrow_at(23))
    make_confirmed_order(offer=offer, resident=resident, start=tomorrow_at(0, days=2))
    proposed = make_confirmed_order(offer=offer, resident=resident, start=tomorrow_at(14))
    Order.objects.filter(pk=proposed.pk).update(status=Order.Status.ACCEPTED, confirmed_at=None)
    # then
    assert set(due_reminders()) == {early.pk, late.pk}


def test_tomorrow_is_the_towns_calendar_day_also_over_a_clock_change() -> None:
    # the night of 25 October 2026 has 25 hours in Berlin
    now = datetime(2026, 10, 24, 18, 0, tzinfo=BERLIN)
    start, end = tomorrow_bounds(now, BERLIN)
    assert start == datetime(2026, 10, 25, 0, 0, tzinfo=BERLIN)
    # (aware datetimes of one zone subtract as wall clock times; UTC shows the real length)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=25)


def test_a_managed_resident_is_reminded_through_the_network_manager(
    offer: Offer, moderator: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given Hildegard without e-mail, whose request the network manager entered with consent
    admin = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email="admin@example.org")
    hildegard = behalf.create_managed_resident(
        created_by=moderator, full_name="Hildegard Maier", phone="07033 1234"
    )
    behalf.record_consent(
        recorded_by=admin,
        person=hildegard,
        scopes=["shop_requests"],
        given_how=Consent.Given.IN_PERSON,
        helper=moderator,
    )
    start = tomorrow_at(11)
    window = {"start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat()}
    order = request_offer(
        offer=offer,
        by=moderator,
        on_behalf_of=hildegard,
        need="Küche streichen",
        windows=[window],
        place="Lindenweg 3",
        contact_by=ContactBy.NETWORK_MANAGER,
    )
    accept_order(order=order, by=ByLink(offer.provider), start=window["start"], end=window["end"])
    confirm_order(order=order, by=moderator, on_behalf_of=hildegard)
    mailoutbox.clear()
    # when the reminders go out
    assert _run(django_capture_on_commit_callbacks) == 1
    # then the network manager has Hildegard's, and the business its own (no reply address)
    assert len(_to(mailoutbox, moderator.email)) == 1
    assert "Hildegard Maier" in _to(mailoutbox, moderator.email)[0].body
    business = _to(mailoutbox, offer.provider.request_email)
    assert len(business) == 1
    assert moderator.email not in business[0].reply_to


def test_markup_in_the_request_is_inert_in_the_reminders(
    offer: Offer, resident: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    make_confirmed_order(
        offer=offer, resident=resident, start=tomorrow_at(10), need='<img src=x onerror="alert(1)">'
    )
    mailoutbox.clear()
    _run(django_capture_on_commit_callbacks)
    (business,) = _to(mailoutbox, offer.provider.request_email)
    html = business.alternatives[0][0]
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html
    assert '<img src=x onerror="alert(1)">' in business.body  # the plain text keeps it as typed


def test_another_towns_order_is_untouched(
    town_b, offer: Offer, resident: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given tomorrow's appointment in town A and one in town B
    mine = make_confirmed_order(offer=offer, resident=resident, start=tomorrow_at(10))
    with tenant_context(town_b):
        neighbour = UserFactory(email="nachbar@example.org")
        theirs = make_confirmed_order(
            offer=OfferFactory(provider=ProviderFactory(request_email="b-laden@example.org")),
            resident=neighbour,
            start=tomorrow_at(10),
        )
    mailoutbox.clear()
    # when town A's task runs
    assert _run(django_capture_on_commit_callbacks) == 1
    # then town B's order is not reminded and nobody of town B is mailed
    with tenant_context(town_b):
        assert Order.objects.get(pk=theirs.pk).reminded_at is None
    recipients = {address for message in mailoutbox for address in message.to}
    assert recipients == {resident.email, offer.provider.request_email}
    mine.refresh_from_db()
    assert mine.reminded_at is not None


def test_the_task_is_declared_for_the_platforms_fan_out() -> None:
    from portal.registry import get_module

    names = {task.name: task for task in get_module("shop").periodic_tasks}
    periodic = names["shop: appointment reminders"]
    assert periodic.task is send_appointment_reminders
    assert periodic.schedule.hour == set(range(17, 23))


def test_the_business_reminder_carries_a_fresh_done_link(
    offer: Offer, resident: User, mailoutbox, django_capture_on_commit_callbacks, client_a: Any
) -> None:
    # given an appointment tomorrow and its reminder sent
    import re

    order = make_confirmed_order(offer=offer, resident=resident, start=tomorrow_at(10))
    mailoutbox.clear()
    _run(django_capture_on_commit_callbacks)
    (business,) = _to(mailoutbox, offer.provider.request_email)
    # then its "mark as done" link works, without logging in
    found = re.search(r"https?://[^/\s]+(/shop/answer/complete/[^\s\"<]+/)", business.body)
    assert found is not None
    assert client_a.post(found.group(1), {}).status_code == 200
    assert Order.objects.get(pk=order.pk).status == Order.Status.COMPLETED
