"""A town administrator opens the console's open-format downloads and saves the
organisations as a CSV file that a spreadsheet reads; axe-core finds no WCAG violation."""

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
from tests.factories.directory import OrganisationFactory


@pytest.fixture
def admin_with_an_organisation(towns: dict[str, Any]) -> Iterator[str]:
    """A town administrator of town A, which has one approved organisation (removed after:
    a browser test commits, and the town's schema outlives the test)."""
    with tenant_context(towns["alpha"]):
        admin = UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN])
        organisation = OrganisationFactory(name="Gesangverein Frohsinn", phone="07033 4711")
    yield admin.email
    with tenant_context(towns["alpha"]):
        organisation.delete()
        admin.delete()


@pytest.mark.django_db(transaction=True)
def test_the_administrator_downloads_the_organisations_as_csv(
    live_server, page, admin_with_an_organisation
) -> None:
    # given a town administrator
    _log_in(page, live_server, admin_with_an_organisation)
    # when they open the console's download page from its navigation
    page.goto(town_url(live_server, "alpha", "/manage/"))
    with page.expect_navigation():
        page.locator("nav .console-nav a[href='/manage/downloads/']").click()
    assert _violations(page) == []
    # and save the organisations
    with page.expect_download() as download_info:
        page.locator("a[href='/manage/downloads/directory/organisations.csv']").click()
    download = download_info.value
    # then the file is the town's organisations, one row each, as a spreadsheet reads it
    assert download.suggested_filename == "alpha-organisations.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    assert "Gesangverein Frohsinn" in names
    assert "07033 4711" in rows[1 + names.index("Gesangverein Frohsinn")]
