"""Messages of a help request (and a ride): who may write, the other side notified with a
link and never the sender's address, bad input refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from modules.volunteer.models import Message, Ride
from modules.volunteer.services.messages import may_write, send_message
from modules.volunteer.services.requests import accept_request, send_request
from tests.factories import UserFactory
from tests.factories.volunteer import RideServiceFactory

from .conftest import fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(service, resident, helper):  # type: ignore[no-untyped-def]
    return accept_request(
        help_request=send_request(service=service, by=resident, fields=fields()), helper=helper
    )


def test_resident_helper_and_coordinator_write_nobody_else(
    assigned, resident, helper, representative, outsider
) -> None:
    for person in (resident, helper, representative):
        send_message(sender=person, body="Hallo", request=assigned)
    with pytest.raises(PermissionDenied):
        send_message(sender=outsider, body="Hallo", request=assigned)
    assert Message.objects.filter(request=assigned).count() == 3


def test_the_other_side_gets_a_link_never_the_senders_address(
    assigned, resident, helper, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        send_message(sender=resident, body="Bitte klingeln Sie zweimal.", request=assigned)
    to_helper = [m for m in mailoutbox if helper.email in m.to]
    assert to_helper
    mail = to_helper[0]
    assert resident.email not in mail.body and resident.email not in str(mail.reply_to)
    assert f"/volunteer/requests/{assigned.public_id}/" in mail.body
    assert "Bitte klingeln" not in mail.body  # the words stay on the portal
    assert not [m for m in mailoutbox if resident.email in m.to]


@pytest.mark.parametrize(
    ("body", "words"),
    [("", "must not be empty"), ("x" * 2001, "at most"), ("a\x00b", "not allowed")],
)
def test_bad_messages_are_refused(assigned, resident, body: str, words: str) -> None:
    with pytest.raises(ValidationError) as bad:
        send_message(sender=resident, body=body, request=assigned)
    assert words in " ".join(bad.value.message_dict["body"])
    assert not Message.objects.exists()


def test_the_request_page_shows_the_thread_and_posts(client_a, assigned, resident, helper) -> None:
    send_message(sender=helper, body="Ich komme um zehn.", request=assigned)
    client_a.force_login(resident)
    html = client_a.get(assigned.get_absolute_url()).content.decode()
    assert "Ich komme um zehn." in html and 'name="body"' in html
    client_a.post(f"/volunteer/requests/{assigned.public_id}/messages/", {"body": "Danke!"})
    assert Message.objects.filter(sender=resident, body="Danke!").exists()


def test_an_outsider_cannot_post_to_a_thread(client_a, assigned, outsider) -> None:
    client_a.force_login(outsider)
    response = client_a.post(f"/volunteer/requests/{assigned.public_id}/messages/", {"body": "x"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_a_rides_thread_is_for_its_resident_driver_and_coordinators(
    organisation, representative, resident, outsider
) -> None:
    rides = RideServiceFactory(organisation=organisation, coordinator=representative)
    driver = UserFactory()
    start = timezone.now() + timedelta(days=1)
    ride = Ride.objects.create(
        service=rides,
        resident=resident,
        pickup_address="A",
        destination_address="B",
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        busy_until=start + timedelta(minutes=60),
        driver=driver,
    )
    assert may_write(resident, ride=ride) and may_write(driver, ride=ride)
    assert may_write(representative, ride=ride)
    assert not may_write(outsider, ride=ride)


def test_mails_speak_the_persons_language(
    service, helper, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    german = UserFactory(language="de", full_name="Erna Alt")
    with django_capture_on_commit_callbacks(execute=True):
        send_request(service=service, by=german, fields=fields())
    mail = next(m for m in mailoutbox if german.email in m.to)
    assert "ist angekommen" in mail.subject
    assert "Wir sagen Ihnen, wer kommt." in mail.body
