"""Who hears of a request and under which kind: the coordinator's mails are coordination,
a service without a coordinator tells the organisation's representatives, a managed
resident hears of a message through the people who help them; the days are the town's."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from modules.directory.models import Organisation
from modules.volunteer import request_mails
from modules.volunteer.models import Routing, Service
from modules.volunteer.scopes import REQUESTS
from modules.volunteer.services import messages
from modules.volunteer.services.messages import send_message, thread_people
from modules.volunteer.services.requests import accept_request, cancel_request, send_request
from portal.accounts.models import User
from tests.factories.volunteer import ServiceFactory

from .conftest import fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def notified(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every notify() of the request mails and the messages: the person and the options."""
    calls: list[dict[str, Any]] = []

    def record(person: User, template: str, **options: Any) -> bool:
        calls.append({"person": person, "template": template, **options})
        return True

    monkeypatch.setattr(request_mails, "notify", record)
    monkeypatch.setattr(messages, "notify", record)
    return calls


@pytest.fixture
def routed(organisation: Organisation, representative: User) -> Service:
    return ServiceFactory(
        organisation=organisation, coordinator=representative, routing=Routing.COORDINATOR
    )


def test_the_coordinators_request_mails_are_coordination(
    routed: Service, resident: User, representative: User, notified: list[dict[str, Any]]
) -> None:
    request = send_request(service=routed, by=resident, fields=fields())
    cancel_request(help_request=request, by=resident)
    kinds = {(c["context"]["event"], c["kind"]) for c in notified if c["person"] == representative}
    assert kinds == {("new", "volunteer_coordination"), ("cancelled", "volunteer_coordination")}
    to_resident = {c["kind"] for c in notified if c["person"] == resident}
    assert to_resident == {"volunteer_requests"}


def test_without_a_coordinator_the_representatives_hear_of_a_new_request(
    organisation: Organisation, representative: User, resident: User, notified: list[Any]
) -> None:
    service = ServiceFactory(
        organisation=organisation, coordinator=None, routing=Routing.COORDINATOR
    )
    request = send_request(service=service, by=resident, fields=fields())
    assert [c["context"]["event"] for c in notified if c["person"] == representative] == ["new"]
    assert representative in thread_people(request=request)


def test_a_message_to_the_resident_reaches_the_people_who_help_them(
    service: Service, resident: User, helper: User, notified: list[dict[str, Any]]
) -> None:
    request = accept_request(
        help_request=send_request(service=service, by=resident, fields=fields()), helper=helper
    )
    notified.clear()
    send_message(sender=helper, body="Ich komme um zehn.", request=request)
    scopes = {c["person"]: c.get("helpers_scope") for c in notified}
    assert scopes[resident] == REQUESTS
    assert all(scope is None for person, scope in scopes.items() if person != resident)


def test_the_day_of_a_request_is_the_towns_day(
    in_town_a: Any, service: Service, resident: User
) -> None:
    # 12:00 UTC on 10 June: still the 10th in Berlin, already the 11th in the town's zone.
    in_town_a.time_zone = "Pacific/Kiritimati"
    with time_machine.travel(datetime(2026, 6, 10, 12, tzinfo=ZoneInfo("UTC")), tick=False):
        with pytest.raises(ValidationError, match="in the past"):
            send_request(service=service, by=resident, fields=fields(needed_on=date(2026, 6, 10)))
        sent = send_request(
            service=service, by=resident, fields=fields(needed_on=date(2026, 6, 11))
        )
    assert sent.needed_on == date(2026, 6, 11)
