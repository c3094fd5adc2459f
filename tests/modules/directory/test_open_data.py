"""The directory's open-format download: the public organisations as CSV."""

from __future__ import annotations

import pytest

from modules.directory.models import Organisation
from tests.downloads import as_german_administrator, fetch, same_queries_for_more_rows
from tests.factories import UserFactory
from tests.factories.directory import OfferingFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/manage/downloads/directory/organisations.csv"


@pytest.fixture
def console(in_town_a, client_a):  # type: ignore[no-untyped-def]
    """Town A's host, logged in as one of its administrators."""
    return as_german_administrator(client_a, UserFactory(town_admin=True))


def test_the_file_holds_the_public_organisations_with_german_headers(console) -> None:
    # given an approved organisation with an offering, and one still waiting for approval
    choir = OrganisationFactory(
        name="Chor Harmonie", email="chor@example.org", phone="07033 1234", website=""
    )
    OfferingFactory(organisation=choir, title="Singen für alle")
    OrganisationFactory(name="Noch nicht frei", status=Organisation.Status.PENDING)
    # when the administrator downloads the file (the town speaks German)
    got = fetch(console, URL)
    # then the header is German and the approved organisation is a row, the other is not
    assert got.status == 200
    header, *rows = got.rows
    assert header[:3] == ["Name", "Art", "Kategorien"]
    assert "Seite im Portal" in header
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Name"] == "Chor Harmonie"
    assert row["E-Mail"] == "chor@example.org"
    assert row["Angebote"] == "Singen für alle"
    assert row["Seite im Portal"].endswith(f"/directory/o/{choir.slug}/")
    assert "Noch nicht frei" not in got.text


def test_a_formula_in_a_name_is_defused(console) -> None:
    OrganisationFactory(name='=HYPERLINK("https://evil.example")')
    rows = fetch(console, URL).rows
    assert rows[1][0] == '\'=HYPERLINK("https://evil.example")'


def test_the_file_costs_the_same_queries_for_three_times_the_organisations(console) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            OfferingFactory(organisation=OrganisationFactory())

    few, many = same_queries_for_more_rows(console, URL, add)
    assert (len(few.rows), len(many.rows)) == (3, 7)
    assert many.queries == few.queries
