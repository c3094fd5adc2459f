"""The demo's Seniorenmobil: loaded once, with its vehicles, drivers, a week of bookings and
two repeating rides, and the drivers offered on the dispatch page."""

from __future__ import annotations

import pytest

from modules.directory.models import Organisation
from modules.volunteer.demo_rides import load_rides
from modules.volunteer.models import Helper, Service
from modules.volunteer.models_rides import Ride, RideSeries, RideStatus, Vehicle
from modules.volunteer.selectors_helpers import assignable_helpers
from portal.letters.periods import town_today

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_a_week_of_rides(in_town_a) -> None:
    load_rides(town=in_town_a)
    load_rides(town=in_town_a)
    organisation = Organisation.objects.get(slug="stadtseniorenrat")
    assert organisation.status == Organisation.Status.APPROVED
    service = Service.objects.get(slug="seniorenmobil")
    assert service.min_age == 65 and service.is_rides
    assert Vehicle.objects.filter(service=service).count() == 2
    assert Helper.objects.filter(service=service).count() == 6
    assert assignable_helpers(service, day=town_today()).count() == 6
    week = Ride.objects.filter(service=service, series__isnull=True)
    assert week.filter(status=RideStatus.ASSIGNED).exists()
    assert week.filter(status=RideStatus.OPEN).exists()
    assert week.filter(outward__isnull=False).count() == 2
    assert week.filter(wheelchair=True).count() == 1
    assert RideSeries.objects.filter(service=service).count() == 2
