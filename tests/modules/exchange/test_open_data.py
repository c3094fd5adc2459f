"""The exchange's open-format download: the published listings, nobody's contact details."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from modules.exchange.models import Listing
from tests.downloads import as_german_administrator, fetch, same_queries_for_more_rows
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory

pytestmark = pytest.mark.django_db

URL = "/manage/downloads/exchange/listings.csv"


@pytest.fixture
def console(in_town_a, client_a):  # type: ignore[no-untyped-def]
    return as_german_administrator(client_a, UserFactory(town_admin=True))


def test_the_file_holds_the_published_listings_without_the_owner(console) -> None:
    # given a published listing of a resident, and hidden, taken and expired ones
    owner = UserFactory(full_name="Olga Owner", email="olga@example.org", phone="0170 555")
    bike = ListingFactory(owner=owner, title="Kinderfahrrad", minutes=None)
    ListingFactory(owner=owner, title="Versteckt", is_hidden=True)
    ListingFactory(owner=owner, title="Schon weg", status=Listing.Status.TAKEN)
    ListingFactory(owner=owner, title="Abgelaufen", expires_at=timezone.now() - timedelta(days=1))
    # when the administrator downloads the file
    got = fetch(console, URL)
    header, *rows = got.rows
    # then the published listing is its one row, in German
    assert header[:3] == ["Titel", "Art", "Typ"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Titel"] == "Kinderfahrrad"
    assert row["Art"] == "Verschenken"
    assert row["Seite im Portal"].endswith(f"/exchange/listings/{bike.public_id}/")
    # and nothing of the resident: no name, e-mail or phone
    for private in ("Olga", "olga@example.org", "0170 555", "Versteckt", "Schon weg", "Abgelaufen"):
        assert private not in got.text


def test_a_formula_in_a_listing_is_defused(console) -> None:
    ListingFactory(title="-2+3", description="=cmd|' /C calc'!A0")
    header, row = fetch(console, URL).rows
    assert row[0] == "'-2+3"
    assert row[header.index("Beschreibung")] == "'=cmd|' /C calc'!A0"


def test_the_file_costs_the_same_queries_for_three_times_the_listings(console) -> None:
    few, many = same_queries_for_more_rows(console, URL, ListingFactory.create_batch)
    assert (len(few.rows), len(many.rows)) == (3, 7)
    assert many.queries == few.queries
