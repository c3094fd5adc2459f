"""The town administrator sees the dashboard's charts, reads a table, downloads the CSV;
axe-core finds no WCAG violation on it at phone and desktop widths."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _log_in, _violations
from tests.factories import UserFactory
from tests.portal.dashboard.year_of_data import make_weeks_of_data

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def admin_with_a_few_weeks(towns: dict[str, Any]) -> Iterator[str]:
    """A town administrator of town A, which had a few weeks of activity (removed after:
    a browser test commits, and the town's schema outlives the test)."""
    with tenant_context(towns["alpha"]):
        admin = UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN])
        made = make_weeks_of_data(4, ledger=False)
    yield admin.email
    with tenant_context(towns["alpha"]):
        made.remove()
        admin.delete()


@pytest.mark.django_db(transaction=True)
def test_the_administrator_sees_the_charts_and_downloads_the_csv(
    live_server, page, admin_with_a_few_weeks
) -> None:
    # given a town administrator of a town with a few weeks of activity
    _log_in(page, live_server, admin_with_a_few_weeks)
    # when they open the console
    page.goto(town_url(live_server, "alpha", "/manage/"))
    # then they see the charts, each with its name for screen readers
    listings = page.locator("svg[role=img][aria-labelledby^='chart-exchange_listings']")
    listings.scroll_into_view_if_needed()
    assert listings.is_visible()
    assert listings.bounding_box()["height"] > 100
    assert page.locator("svg[role=img]").count() >= 9
    # and the same figures as a table, opened by keyboard
    summary = page.locator("#figures-exchange summary")
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("#figures-exchange table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 52
    # and they download the figures as a CSV file
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "week" and len(rows) == 53


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_dashboard_passes_wcag_checks(
    live_server, page, admin_with_a_few_weeks, viewport
) -> None:
    page.set_viewport_size(viewport)
    _log_in(page, live_server, admin_with_a_few_weeks)
    response = page.goto(town_url(live_server, "alpha", "/manage/"))
    assert response is not None and response.status == 200
    # the tables are checked open, as someone reading them would have them
    for summary in page.locator(".dashboard-table summary").all():
        summary.click()
    assert _violations(page) == []
    # nothing is wider than the phone's screen
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]
