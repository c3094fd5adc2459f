"""The organisation's figures: per month requests, rides, unmet demand per rule and hours;
only for who manages the service; a constant number of queries; the CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from modules.volunteer.models import HelpRequest, RequestStatus, Ride
from modules.volunteer.models_rides import RideStatus
from modules.volunteer.selectors_figures import service_figures
from modules.volunteer.services.requests import NotEligible, send_request
from tests.factories import UserFactory
from tests.factories.volunteer import RideServiceFactory

from .conftest import eligible

pytestmark = pytest.mark.django_db


def _activity(narrow, count: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        person = UserFactory()
        with pytest.raises(NotEligible):
            send_request(service=narrow, by=person, fields=eligible(district="Süd"))
        request = send_request(service=narrow, by=person, fields=eligible())
        HelpRequest.objects.filter(pk=request.pk).update(
            status=RequestStatus.DONE, helper=person, hours=Decimal("1.25")
        )


def test_the_figures_count_requests_refusals_and_hours(narrow, representative) -> None:
    _activity(narrow, 3)
    this_month = service_figures(narrow)[-1]
    assert this_month.requests == 3 and this_month.requested == 3
    assert this_month.refused == {"district": 3}
    assert this_month.hours == Decimal("3.75")
    assert len(service_figures(narrow)) == 12


def test_done_rides_add_their_planned_minutes(organisation, representative, resident) -> None:
    rides = RideServiceFactory(organisation=organisation, coordinator=representative)
    start = timezone.now().replace(day=1, hour=12) + timedelta(days=1)
    for status in (RideStatus.DONE, RideStatus.CANCELLED):
        Ride.objects.create(
            service=rides,
            resident=resident,
            pickup_address="A",
            destination_address="B",
            starts_at=start,
            ends_at=start + timedelta(minutes=45),
            busy_until=start + timedelta(minutes=60),
            status=status,
        )
    this_month = next(m for m in service_figures(rides) if m.month == start.date().replace(day=1))
    assert this_month.rides == 2 and this_month.hours == Decimal("0.75")


def test_the_page_keeps_a_constant_number_of_queries(
    client_a, narrow, representative, django_assert_max_num_queries
) -> None:
    client_a.force_login(representative)
    _activity(narrow, 1)
    with django_assert_max_num_queries(20) as few:
        assert client_a.get("/volunteer/services/notfall/figures/").status_code == 200
    baseline = len(few.captured_queries)
    _activity(narrow, 6)
    with django_assert_max_num_queries(baseline):
        html = client_a.get("/volunteer/services/notfall/figures/").content.decode()
    assert "<svg" in html and "Refused: Lives in one of the districts served" in html


def test_only_who_manages_sees_the_figures(client_a, narrow, resident, moderator) -> None:
    client_a.force_login(resident)
    assert client_a.get("/volunteer/services/notfall/figures/").status_code == 403
    assert client_a.get("/volunteer/services/notfall/figures.csv").status_code == 403
    client_a.force_login(moderator)
    assert client_a.get("/volunteer/services/notfall/figures/").status_code == 200


def test_the_csv_has_a_row_per_month(client_a, narrow, representative) -> None:
    _activity(narrow, 2)
    client_a.force_login(representative)
    response = client_a.get("/volunteer/services/notfall/figures.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 12
    assert rows[-1]["requests"] == "2" and rows[-1]["refused_district"] == "2"
    assert rows[-1]["hours"] == "2.50"
