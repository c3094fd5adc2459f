"""Issue 9's "done when" as one journey in a real Chromium, in a town filled exactly as the
demo fills Weil der Stadt: the volunteer area is apart from the businesses' one; a resident
books a ride on the Seniorenmobil; the dispatcher sees it and assigns it on the day page;
the driver's run sheet prints as a PDF; a resident refused by the emergency shopping
service's narrow rule is counted as unmet demand on its figures page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.volunteer.models import DemandEvent, DemandStep, Rule, Service
from modules.volunteer.models_rides import Ride, RideStatus
from portal.operators.management.commands.demo import DEMO_PASSWORD
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_resident_portal_journey import DEMO, demo_town  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db(transaction=True)

RESIDENT = f"erika@{DEMO.domain}"
ADMIN = f"admin@{DEMO.domain}"


def _url(live_server: Any, path: str) -> str:
    return town_url(live_server, DEMO.slug, path)


def _log_in(page: Any, live_server: Any, email: str) -> None:
    page.context.clear_cookies()
    page.goto(_url(live_server, "/accounts/login/"))
    page.fill("main input[name=username]", email)
    page.fill("main input[name=password]", DEMO_PASSWORD)
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def _weekday_ahead(days: int) -> Any:
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_a_ride_is_booked_assigned_and_printed_and_a_refusal_is_counted(
    live_server: Any,
    page: Any,
    demo_town: Any,  # noqa: F811 - the fixture imported above
) -> None:
    day = _weekday_ahead(9)  # after the demo's week of bookings
    # the volunteer area is its own, beside the businesses' offers
    _log_in(page, live_server, RESIDENT)
    page.goto(_url(live_server, "/"))
    nav = page.locator("header .nav-wide")
    assert nav.locator("a[href='/volunteer/']").count() == 1
    assert nav.locator("a[href='/shop/']").count() == 1
    page.goto(_url(live_server, "/volunteer/"))
    listing = page.locator("main").inner_text()
    assert "Seniorenmobil" in listing and "Einkaufshilfe im Notfall" in listing
    assert "Glasklar Fensterreinigung" not in listing  # no business in the volunteer area
    assert _violations(page) == []

    # the resident books a ride to the doctor with a way back
    page.goto(_url(live_server, "/volunteer/services/seniorenmobil/"))
    page.click("a[data-book-ride]")
    page.wait_for_url(re.compile(r"/volunteer/rides/seniorenmobil/book/$"))
    page.fill("input[name=day]", day.isoformat())
    page.fill("input[name=pickup_time]", "14:00")
    page.fill("input[name=return_time]", "15:30")
    page.fill("input[name=pickup_address]", "Stuttgarter Straße 12")
    page.fill("input[name=destination_address]", "Praxis Dr. Berger, Marktplatz 3")
    page.fill("input[name=birth_date]", "1948-05-17")
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/volunteer/rides/r/[0-9a-f-]+/$"))
    with tenant_context(demo_town):
        ride = Ride.objects.get(resident__email=RESIDENT, outward__isnull=True, starts_at__date=day)
        assert ride.status == RideStatus.OPEN

    # the dispatcher sees it on the day page and assigns a driver and a vehicle
    _log_in(page, live_server, ADMIN)
    page.goto(_url(live_server, f"/volunteer/rides/seniorenmobil/dispatch/?day={day}"))
    assert "Stuttgarter Straße 12" in page.locator("main").inner_text()
    assert _violations(page) == []
    form = page.locator(f"form[action$='/rides/r/{ride.public_id}/assign/']")
    driver = form.locator("select[name=driver] option:not([value=''])").first
    driver_name = driver.inner_text().strip()
    form.locator("select[name=driver]").select_option(driver.get_attribute("value"))
    vehicle = form.locator("select[name=vehicle] option:not([value=''])").first
    form.locator("select[name=vehicle]").select_option(vehicle.get_attribute("value"))
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[role=status]")
    with tenant_context(demo_town):
        ride.refresh_from_db()
        assert ride.status == RideStatus.ASSIGNED
        assert ride.driver is not None and ride.driver.full_name == driver_name
        driver_id = ride.driver.public_id

    # the driver's run sheet for the day lists the pick-up and prints as a PDF
    page.goto(
        _url(
            live_server,
            f"/volunteer/rides/seniorenmobil/run-sheet/?day={day}&driver={driver_id}",
        )
    )
    assert "Stuttgarter Straße 12" in page.locator("main").inner_text()
    href = page.get_attribute("a[href*='run-sheet.pdf']", "href")
    assert href is not None
    kind, start = page.evaluate(
        """async (address) => {
            const answer = await fetch(address);
            const bytes = new Uint8Array(await answer.arrayBuffer());
            return [answer.headers.get("content-type"), String.fromCharCode(...bytes.slice(0, 4))];
        }""",
        href,
    )
    assert (kind, start) == ("application/pdf", "%PDF")

    # a resident outside the emergency shopping service's one district is refused
    with tenant_context(demo_town):
        shopping = Service.objects.get(slug="einkaufshilfe-im-notfall")
        outside = next(d for d in demo_town.districts if d not in shopping.eligible_districts)
        refused_before = DemandEvent.objects.filter(
            service=shopping, step=DemandStep.REFUSED, rule=Rule.DISTRICT
        ).count()
    _log_in(page, live_server, RESIDENT)
    page.goto(_url(live_server, "/volunteer/services/einkaufshilfe-im-notfall/"))
    page.click("a[data-request]")
    page.wait_for_url(re.compile(r"/request/$"))
    page.select_option("select[name=district]", outside)
    if page.locator("input[name=birth_date]").count():
        page.fill("input[name=birth_date]", "1948-05-17")
    if page.locator("input[name=confirms_situation]").count():
        page.check("input[name=confirms_situation]")
        page.fill("[name=statement]", "Nach meiner Hüftoperation kann ich nicht einkaufen.")
    page.fill("input[name=needed_on]", (timezone.localdate() + timedelta(days=2)).isoformat())
    page.fill("textarea[name=details]", "Brot, Milch und Äpfel.")
    page.fill("input[name=address]", "Stuttgarter Straße 12")
    with page.expect_navigation():
        page.click("button[data-step=send]")
    assert outside in page.locator("main").inner_text() or shopping.eligible_districts[0] in (
        page.locator("main").inner_text()
    )
    with tenant_context(demo_town):
        refused = DemandEvent.objects.filter(
            service=shopping, step=DemandStep.REFUSED, rule=Rule.DISTRICT
        ).count()
    assert refused == refused_before + 1

    # and the organisation's figures page counts it this month
    _log_in(page, live_server, ADMIN)
    page.goto(_url(live_server, "/volunteer/services/einkaufshilfe-im-notfall/figures/"))
    assert _violations(page) == []
    this_month = page.locator("table[data-figures] tbody tr").first
    with tenant_context(demo_town):
        month = timezone.localdate().replace(day=1)
        this_month_refused = DemandEvent.objects.filter(
            service=shopping, step=DemandStep.REFUSED, rule=Rule.DISTRICT, month=month
        ).count()
    cells = [c.strip() for c in this_month.locator("td").all_inner_texts()]
    assert str(this_month_refused) == cells[2]  # looked, started, then refused by district
    assert this_month_refused >= 1
