"""Who was active: one row per person and day, written at most once a day."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from portal.dashboard.models import SeenDay

pytestmark = pytest.mark.django_db


def test_a_logged_in_person_is_seen_once_a_day(resident_a, client_a, town_a) -> None:
    # given a logged-in resident
    client_a.force_login(resident_a)
    # when they open two pages the same day
    client_a.get("/")
    with CaptureQueriesContext(connection) as second:
        client_a.get("/")
    # then one day is recorded, and the second page wrote nothing
    with tenant_context(town_a):
        assert SeenDay.objects.filter(user=resident_a).count() == 1
    assert not [q for q in second.captured_queries if "dashboard_seenday" in q["sql"]]


def test_visitors_are_not_recorded(client_a, town_a) -> None:
    with tenant_context(town_a):
        before = SeenDay.objects.count()
    # when a visitor opens the home page
    client_a.get("/")
    # then nothing is recorded
    with tenant_context(town_a):
        assert SeenDay.objects.count() == before
