"""Every list page and list endpoint of neighbourly help and rides keeps a constant number
of queries as its rows grow (tests/queries.py: N rows, then 3N)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from modules.directory.models import Organisation
from modules.volunteer.models import Service
from modules.volunteer.services.requests import accept_request, send_request
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory, RideServiceFactory, ServiceFactory
from tests.modules.volunteer.conftest import fields
from tests.modules.volunteer.rides_setup import at, book, make_driver, weekday_after
from tests.queries import assert_constant_queries

HELP_PAGES = [
    ("/volunteer/", None),
    ("/volunteer/mine/helping/", "helper"),
    ("/volunteer/requests/", "resident"),
    ("/volunteer/helping/", "helper"),
    ("/volunteer/coordinating/", "representative"),
    ("/volunteer/services/einkaufshilfe/requests/", "representative"),
    ("/volunteer/services/einkaufshilfe/helpers/", "representative"),
    ("/volunteer/services/einkaufshilfe/figures/", "representative"),
    ("/api/v1/volunteer/services/", None),
    ("/api/v1/volunteer/requests/", "resident"),
    ("/api/v1/volunteer/services/einkaufshilfe/helpers/", "representative"),
    ("/volunteer/for/{resident}/", "moderator"),
]


def _help_grows(
    organisation: Organisation, service: Service, representative: User, resident: User
) -> Callable[[int], None]:
    helper = User.objects.get(email="helper@example.org")

    def grow(n: int) -> None:
        for _ in range(n):
            more = ServiceFactory(organisation=organisation, coordinator=representative)
            HelperFactory(service=more, user=helper)
            HelperFactory(service=service, user=UserFactory())
            taken = send_request(service=service, by=resident, fields=fields())
            accept_request(help_request=taken, helper=helper)
            send_request(service=service, by=resident, fields=fields())

    return grow


@pytest.mark.parametrize(("url", "who"), HELP_PAGES)
def test_a_help_list_keeps_its_queries(
    url, who, client_a, organisation, service, representative, resident, helper, moderator
) -> None:
    from modules.volunteer.scopes import REQUESTS
    from portal.behalf.models import Consent
    from portal.behalf.services import record_consent

    record_consent(
        recorded_by=moderator, person=resident, scopes=[REQUESTS], given_how=Consent.Given.IN_PERSON
    )
    people = {
        "helper": helper,
        "resident": resident,
        "representative": representative,
        "moderator": moderator,
    }
    if who:
        client_a.force_login(people[who])
    assert_constant_queries(
        lambda: client_a.get(url.format(resident=resident.public_id)),
        grow=_help_grows(organisation, service, representative, resident),
    )


RIDE_PAGES = [
    ("/volunteer/rides/fahrdienst/vehicles/", "representative"),
    ("/volunteer/rides/fahrdienst/open/", "driver"),
    ("/volunteer/rides/fahrdienst/calendar/", "driver"),
    ("/api/v1/volunteer/rides/", "resident"),
]


@pytest.mark.parametrize(("url", "who"), RIDE_PAGES)
def test_a_rides_list_keeps_its_queries(
    url, who, client_a, organisation, representative, resident
) -> None:
    from tests.factories.volunteer import VehicleFactory

    rides = RideServiceFactory(
        organisation=organisation, coordinator=representative, slug="fahrdienst"
    )
    driver = make_driver(rides, "driver@example.org")
    people = {"driver": driver, "resident": resident, "representative": representative}
    client_a.force_login(people[who])
    booked = [0]

    def grow(n: int) -> None:
        for _ in range(n):
            VehicleFactory(service=rides)
            day = weekday_after(booked[0] % 5, weeks=1 + booked[0] // 5)
            book(rides, resident, at(day, 9))
            booked[0] += 1

    assert_constant_queries(lambda: client_a.get(url), grow=grow)
