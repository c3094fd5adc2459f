"""The organisation's figures in the browser: the chart, the table with the refusals per
rule, and the CSV download; axe-core on the page."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from modules.volunteer.demand import record_demand
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.volunteer import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_organisation_reads_its_unmet_demand(live_server, page, towns) -> None:
    # given a narrow service many looked at and most were refused by its district rule
    with tenant_context(towns["alpha"]):
        rep = UserFactory(
            email="rep-volfig@alpha.example", roles=[Role.RESIDENT, Role.ORGANISATION]
        )
        organisation = OrganisationFactory(name="Miteinander", slug="miteinander-volfig")
        RepresentativeFactory(organisation=organisation, user=rep)
        service = ServiceFactory(
            organisation=organisation,
            coordinator=rep,
            slug="notfall-volfig",
            eligible_districts=["Nord"],
        )
        for n in range(9):
            record_demand(service=service, step="looked", who=f"demo:{n}")
            if n < 7:
                record_demand(service=service, step="refused", who=f"demo:{n}", rule="district")
    _log_in(page, live_server, "rep-volfig@alpha.example")

    # when the representative opens the figures
    page.goto(town_url(live_server, "alpha", f"/volunteer/services/{service.slug}/figures/"))

    # then the chart and this month's row show it, and the CSV downloads
    assert page.locator("svg.chart").count() == 1
    first_row = page.locator("[data-figures] tbody tr").first.inner_text()
    assert "9" in first_row and "7" in first_row
    assert _violations(page) == []
    with page.expect_download() as download:
        page.click(f"a[href='/volunteer/services/{service.slug}/figures.csv']")
    assert download.value.suggested_filename == "notfall-volfig-figures.csv"
