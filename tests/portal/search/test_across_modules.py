"""One search over every enabled module: German stems, compounds and typos, grouped by kind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.search import selectors
from portal.search.groups import SearchGroup
from portal.search.query import GROUP_LIMIT, SearchQuery, parse_query
from tests.factories.directory import OfferingFactory, OrganisationFactory
from tests.factories.exchange import ListingFactory
from tests.factories.info import EventFactory, LinkFactory, MenuFactory, NewsFactory
from tests.factories.shop import OfferFactory, ProviderFactory
from tests.factories.volunteer import ServiceFactory

pytestmark = pytest.mark.usefixtures("in_town_a")


def query(text: str, group: str = "") -> SearchQuery:
    parsed = parse_query(text, group=group)
    assert parsed is not None
    return parsed


def found(text: str) -> dict[str, list[str]]:
    return {g.key: [hit.title for hit in g.hits] for g in selectors.search_everything(query(text))}


def test_misspelt_fahrad_finds_fahrrad_in_every_module() -> None:
    # given a bicycle in the directory, the exchange, the news and the events
    OrganisationFactory(name="Radtreff Süd", description="Hilfe rund ums Fahrrad.")
    ListingFactory(title="Fahrrad für Kinder", description="Blau, 20 Zoll.")
    NewsFactory(title="Fahrrad-Codierung am Samstag", body="Die Polizei codiert Räder.")
    EventFactory(title="Fahrrad-Basar", description="Gebrauchte Räder kaufen und verkaufen.")
    ListingFactory(title="Bücherregal", description="Aus Holz.")
    # when someone types the word with one letter missing
    result = found("Fahrad")
    # then every module's bicycle is found, and nothing else
    assert result == {
        "directory_organisations": ["Radtreff Süd"],
        "info_events": ["Fahrrad-Basar"],
        "info_news": ["Fahrrad-Codierung am Samstag"],
        "exchange_listings": ["Fahrrad für Kinder"],
    }


def test_computer_finds_a_listing_by_its_description() -> None:
    # given a listing that mentions a computer only in its text
    ListingFactory(title="Hilfe gesucht", description="Wer erklärt mir meinen Computer?")
    ListingFactory(title="Rasenmäher", description="Zum Ausleihen.")
    # when searching for it, then it is found
    assert found("Computer") == {"exchange_listings": ["Hilfe gesucht"]}


def test_mittagessen_finds_the_menus_and_what_else_mentions_it() -> None:
    # given a menu that says lunch, one whose dishes never say so, and a listing about lunch
    MenuFactory(restaurant="Gasthaus Krone", dishes="Mittagessen: Linsen mit Spätzle")
    MenuFactory(restaurant="Café Mond", dishes="Kuchen")
    ListingFactory(title="Begleitung gesucht", description="Zum Mittagessen am Sonntag.")
    ListingFactory(title="Rasenmäher", description="Zum Ausleihen.")
    # when searching for lunch (also with a typo)
    # then every menu is found (a menu is a lunch), and the listing that mentions it
    for text in ("Mittagessen", "Mittagesen"):
        result = found(text)
        assert sorted(result.pop("info_menus")) == ["Café Mond", "Gasthaus Krone"]
        assert result == {"exchange_listings": ["Begleitung gesucht"]}


def test_german_stems_and_compounds_in_other_modules() -> None:
    # given a listing with a plural and an event with a hyphenated name
    ListingFactory(title="Zwei Fahrräder", description="")
    EventFactory(title="Kirchen-Chor singt", description="")
    # then the singular finds the plural and the joined compound finds the hyphenated one
    assert found("Fahrrad")["exchange_listings"] == ["Zwei Fahrräder"]
    assert found("Kirchenchor") == {"info_events": ["Kirchen-Chor singt"]}


def test_directory_offerings_are_found() -> None:
    club = OrganisationFactory(name="Bürgerverein", description="Für ein lebendiges Viertel.")
    OfferingFactory(organisation=club, title="Computerhilfe", description="Wir helfen am PC.")
    assert found("Computerhilfe") == {"directory_organisations": ["Bürgerverein"]}


def test_links_are_found_and_dead_links_are_not() -> None:
    LinkFactory(title="Abfallkalender", description="Wann der Müll abgeholt wird.")
    LinkFactory(title="Abfall-App", flagged_dead_at=timezone.now())
    groups = selectors.search_everything(query("Müll"))
    assert [(g.key, [h.title for h in g.hits]) for g in groups] == [
        ("info_links", ["Abfallkalender"])
    ]
    assert groups[0].hits[0].external


def test_past_expired_and_hidden_things_are_not_found() -> None:
    # given things that are over, expired, hidden or not yet published
    past = timezone.now() - timedelta(days=3)
    EventFactory(title="Sommerfest", start=past, end=past + timedelta(hours=2))
    NewsFactory(title="Sommerfest verschoben", publish_at=timezone.now() + timedelta(days=1))
    ListingFactory(title="Sommerfest-Zelt", is_hidden=True)
    ListingFactory(title="Sommerfest-Bänke", expires_at=timezone.now() - timedelta(minutes=1))
    MenuFactory(
        restaurant="Sommerfest-Grill",
        valid_from=timezone.localdate() - timedelta(days=5),
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    # then nothing is found
    assert found("Sommerfest") == {}


def test_groups_are_capped_with_the_total_and_one_group_shows_all() -> None:
    # given more listings than a group shows
    for number in range(GROUP_LIMIT + 3):
        ListingFactory(title=f"Gartenschere {number}")
    # when searching every module
    (group,) = selectors.search_everything(query("Gartenschere"))
    # then the group shows the limit and knows the total
    assert (len(group.hits), group.total) == (GROUP_LIMIT, GROUP_LIMIT + 3)
    assert "q=Gartenschere" in group.more_url
    # and asking for that group alone shows all of them
    (alone,) = selectors.search_everything(query("Gartenschere", group="exchange_listings"))
    assert len(alone.hits) == GROUP_LIMIT + 3


def test_title_match_ranks_before_text_match() -> None:
    ListingFactory(title="Suche Hilfe", description="Beim Umzug mit der Leiter.")
    ListingFactory(title="Leiter zu verleihen", description="Drei Meter.")
    assert found("Leiter")["exchange_listings"] == ["Leiter zu verleihen", "Suche Hilfe"]


def test_constant_number_of_queries_per_provider() -> None:
    # A group runs one query, and one count when it has more hits than it shows (a third
    # only when stems and titles find nothing: tests of typos in long texts below).
    def run() -> tuple[int, list[SearchGroup]]:
        with CaptureQueriesContext(connection) as queries:
            groups = selectors.search_everything(query("Garten"))
        return len(queries), groups

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            ListingFactory(title=f"Gartengeräte {number}")
            EventFactory(title=f"Gartenfest {number}")
            NewsFactory(title=f"Garten {number}")
            MenuFactory(restaurant=f"Gartenwirtschaft {number}")
            LinkFactory(title=f"Gartenabfall {number}")
            OrganisationFactory(name=f"Gartenverein {number}")
            ProviderFactory(name=f"Gartenbau {number}")
            OfferFactory(title=f"Gartenpflege {number}")
            ServiceFactory(title=f"Gartenhilfe {number}", slug=f"gartenhilfe-{number}")

    # given a few more hits of every kind than a group shows
    add(GROUP_LIMIT + 1, 0)
    few, groups = run()
    assert len(groups) == 9
    # when there are many more
    add(10, 100)
    many, groups = run()
    # then the search runs as many queries as before: at most two per kind
    assert many == few
    assert many <= 2 * len(groups)
    assert all(group.total == GROUP_LIMIT + 11 for group in groups)


def test_a_typo_in_a_long_text_is_found_when_no_title_matches() -> None:
    # given a listing that names a bicycle only in its text, and one in its title
    ListingFactory(title="Kindersitz", description="Passt auf jedes Fahrrad.")
    # when nothing's title is near the typo, the texts are searched for it
    assert found("Fahrad") == {"exchange_listings": ["Kindersitz"]}
    # and when a title is, the title's listing is what the typo finds
    ListingFactory(title="Fahrrad für Kinder")
    assert found("Fahrad") == {"exchange_listings": ["Fahrrad für Kinder"]}
