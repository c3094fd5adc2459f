"""The Seniorenmobil in the browser: a resident books a ride with a way back, the dispatcher
assigns a driver and a vehicle on the day page, and the driver opens the run sheet and its
PDF; axe-core on each page."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import tenant_context

from modules.volunteer.models_rides import Ride, RideStatus
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory, RideServiceFactory, VehicleFactory
from tests.modules.volunteer.rides_setup import weekday_after

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_books_the_dispatcher_assigns_and_the_driver_prints(
    live_server, page, towns
) -> None:
    # given a ride service with a vehicle and a driver, and a resident
    with tenant_context(towns["alpha"]):
        coordinator = UserFactory(email="e2e-rides-coordinator@alpha.example")
        service = RideServiceFactory(slug="e2e-mobil", title="E2E-Mobil", coordinator=coordinator)
        VehicleFactory(service=service, name="E2E-Bus")
        HelperFactory(
            service=service,
            user=UserFactory(email="e2e-rides-driver@alpha.example", full_name="Dora Fahrer"),
        )
        UserFactory(email="e2e-rides-rider@alpha.example", full_name="Rita Mitfahr")
        day = weekday_after(1)

    # when the resident books a ride on Tuesday at 9:00 with a way back at 11:00
    _log_in(page, live_server, "e2e-rides-rider@alpha.example")
    page.goto(town_url(live_server, "alpha", "/volunteer/rides/e2e-mobil/book/"))
    assert _violations(page) == []
    page.fill("input[name=day]", day.isoformat())
    page.fill("input[name=pickup_time]", "09:00")
    page.fill("input[name=return_time]", "11:00")
    page.fill("input[name=pickup_address]", "Lindenweg 4")
    page.fill("input[name=destination_address]", "Hausarztpraxis am Markt")
    page.click("main form.stacked button[type=submit]")
    # then she sees her ride, waiting for a driver
    page.wait_for_url(re.compile(r"/volunteer/rides/r/[0-9a-f-]+/$"))
    assert "Waiting for a driver" in page.content()
    assert _violations(page) == []

    # when the dispatcher assigns the driver and the bus on the day page
    page.context.clear_cookies()
    _log_in(page, live_server, "e2e-rides-coordinator@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/volunteer/rides/e2e-mobil/dispatch/?day={day}"))
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        outward = Ride.objects.get(service__slug="e2e-mobil", outward__isnull=True)
    form = page.locator(f"form[action$='/rides/r/{outward.public_id}/assign/']")
    form.locator("select[name=driver]").select_option(label="Dora Fahrer")
    form.locator("select[name=vehicle]").select_option(label="E2E-Bus")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[role=status]")
    with tenant_context(towns["alpha"]):
        outward.refresh_from_db()
        assert outward.status == RideStatus.ASSIGNED

    # then the driver's run sheet lists the pick-up, and its PDF link gives a PDF
    page.context.clear_cookies()
    _log_in(page, live_server, "e2e-rides-driver@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/volunteer/rides/e2e-mobil/run-sheet/?day={day}"))
    assert "Lindenweg 4" in page.content()
    assert _violations(page) == []
    href = page.get_attribute("a[href*='run-sheet.pdf']", "href")
    assert href is not None
    # (fetched in the page: the browser knows the test towns' host names, the test runner not)
    kind, start = page.evaluate(
        """async (address) => {
            const answer = await fetch(address);
            const bytes = new Uint8Array(await answer.arrayBuffer());
            return [answer.headers.get("content-type"), String.fromCharCode(...bytes.slice(0, 4))];
        }""",
        href,
    )
    assert (kind, start) == ("application/pdf", "%PDF")
