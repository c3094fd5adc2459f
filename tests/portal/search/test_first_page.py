"""A group's bounded first page: ranked candidates, an estimated count beyond the bound, the
typo rounds (titles when stems find few; long texts only when no kind knows the words)."""

from __future__ import annotations

import pytest
from django.utils import translation

from portal.search import first_page, selectors
from portal.search.query import SearchQuery, parse_query
from tests.factories.directory import OrganisationFactory
from tests.factories.exchange import ListingFactory

pytestmark = pytest.mark.usefixtures("in_town_a")


def query(text: str) -> SearchQuery:
    parsed = parse_query(text)
    assert parsed is not None
    return parsed


def listings_group(text: str) -> tuple[list[str], int, bool]:
    groups = {g.key: g for g in selectors.search_everything(query(text))}
    group = groups["exchange_listings"]
    return [hit.title for hit in group.hits], group.total, group.estimated


def test_below_the_bound_the_count_is_exact_and_said_so(client_a) -> None:
    # given more listings than a group shows, fewer than the candidates ranked
    for number in range(8):
        ListingFactory(title=f"Leiter {number}")
    # then the count is exact, on the page too
    assert listings_group("Leiter")[1:] == (8, False)
    page = client_a.get("/search/", {"q": "Leiter"}).content.decode()
    assert "8 results for" in page and "(8)" in page
    assert "About 8" not in page and "(about" not in page


def test_beyond_the_bound_the_count_is_an_estimate_and_said_so(client_a, monkeypatch) -> None:
    # given more matches than the candidates ranked (a small bound stands in for 100)
    monkeypatch.setattr(first_page, "CANDIDATES", 3)
    for number in range(8):
        ListingFactory(title=f"Leiter {number}")
    # then the group is marked estimated, at least as many as were seen
    titles, total, estimated = listings_group("Leiter")
    assert estimated and total >= 4
    assert titles and all(title.startswith("Leiter") for title in titles)
    # and the page says "about", the API says estimated
    page = client_a.get("/search/", {"q": "Leiter"}).content.decode()
    assert f"About {total} results for" in page and f"(about {total})" in page
    data = client_a.get("/api/v1/search/", {"q": "Leiter"}).json()
    assert data["groups"][0]["estimated"] is True


def test_the_estimate_reads_etwa_in_german() -> None:
    with translation.override("de"):
        assert translation.gettext("about %(total)s") == "etwa %(total)s"
        assert translation.gettext("About %(counter)s results for “%(query)s”") == (
            "Etwa %(counter)s Treffer für „%(query)s“"
        )


def test_the_estimate_is_the_planners_rounded_to_two_digits() -> None:
    from modules.exchange.models import Listing

    ListingFactory(title="Leiter")
    assert first_page.estimated_count(Listing.objects.all()) >= 1
    assert [first_page.two_digits(n) for n in (7, 87, 123, 12_345, 44_428)] == [
        7,
        87,
        120,
        12_000,
        44_000,
    ]


def test_titles_holding_the_word_are_ranked_whatever_the_scan_order(monkeypatch) -> None:
    # given many listings that mention the word in their text only, and, written last,
    # one that has it in its title; fewer candidates are ranked than match by stem
    monkeypatch.setattr(first_page, "CANDIDATES", 3)
    for number in range(10):
        ListingFactory(title=f"Werkzeug {number}", description="Mit Leiter und Eimer.")
    ListingFactory(title="Leiter zu verleihen", description="Drei Meter.")
    # then the title match is still the first hit
    assert listings_group("Leiter")[0][0] == "Leiter zu verleihen"


def test_a_typo_finds_the_titles_near_it_beyond_the_bound(monkeypatch) -> None:
    # given many bicycles by title and a small bound
    monkeypatch.setattr(first_page, "TYPO_CANDIDATES", 2)
    for number in range(6):
        ListingFactory(title=f"Fahrrad {number}", description="Blau.")
    ListingFactory(title="Bücherregal", description="Aus Holz.")
    # when someone types the word with one letter missing, then bicycles are found
    titles, total, estimated = listings_group("Fahrad")
    assert titles and all(title.startswith("Fahrrad") for title in titles)
    assert estimated and total >= 3


def test_long_texts_are_searched_for_a_typo_only_when_no_kind_knows_the_words() -> None:
    # given a club whose text has the typo itself, and nothing titled near it
    OrganisationFactory(name="Radtreff Süd", description="Hilfe rund ums Fahrad.")
    # when nothing knows the word, the long texts are searched and the club is found
    result = {g.key for g in selectors.search_everything(query("Fahrrad"))}
    assert result == {"directory_organisations"}
    # but once a listing is found by the word itself, the club's text is not searched
    ListingFactory(title="Zwei Fahrräder", description="")
    result = {g.key for g in selectors.search_everything(query("Fahrrad"))}
    assert result == {"exchange_listings"}
