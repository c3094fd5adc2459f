"""The search page: grouped hits, bad input, town isolation, modules switched off."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from portal.search.models import UnfoundSearch
from portal.search.views import search_page
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory
from tests.factories.info import MenuFactory


def test_page_shows_hits_grouped_by_kind(in_town_a, client_a):
    # given a listing and a menu
    ListingFactory(title="Fahrrad für Kinder")
    MenuFactory(restaurant="Gasthaus Krone", dishes="Radler-Teller nach der Fahrrad-Tour")
    # when a visitor searches with a typo
    response = client_a.get("/search/", {"q": "Fahrad"})
    # then both groups are shown with their hits, and nothing is recorded as unfound
    page = response.content.decode()
    assert response.status_code == 200
    assert "Listings in the exchange" in page and "Fahrrad für Kinder" in page
    assert "Lunch menus" in page and "Gasthaus Krone" in page
    assert not UnfoundSearch.objects.exists()


def test_empty_search_asks_for_a_word_and_records_nothing(in_town_a, client_a):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client_a.get("/search/", params)
        assert response.status_code == 200
        assert "all at once" in response.content.decode()
    assert not UnfoundSearch.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("?!… --- ;;", "at least one letter or digit"),
        ("x" * 10_000, "at most 200 characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_records_nothing(in_town_a, client_a, text, message):
    # given a listing that must not be found by accident
    ListingFactory(title="Fahrrad")
    # when the search is something that cannot be searched for
    response = client_a.get("/search/", {"q": text})
    # then a clear message, no hits, nothing recorded
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Listings in the exchange" not in page
    assert not UnfoundSearch.objects.exists()


@pytest.mark.parametrize("text", ["Fahr\x00rad", "Fahr\ud800rad", "Fahr\x07rad"])
def test_unsearchable_characters_get_a_clear_message(in_town_a, rf, text):
    # given a request whose query holds a NUL byte, a lone surrogate or a control character
    # (the address check refuses NUL before any view; the JSON API or a hand-made request
    # can still bring the others)
    ListingFactory(title="Fahrrad")
    request = rf.get("/search/")
    request.GET = request.GET.copy()
    request.GET["q"] = text
    request.tenant = connection.tenant
    request.user = AnonymousUser()
    # when the page answers
    response = search_page(request)
    # then a clear message, no hits, nothing recorded, and the page is valid text
    page = response.content.decode()
    assert response.status_code == 400
    assert "cannot be searched for" in page
    assert "Listings in the exchange" not in page
    assert "\ud800" not in page and "\x00" not in page
    assert not UnfoundSearch.objects.exists()


def test_nul_in_the_address_is_refused_before_the_page(in_town_a, client_a):
    response = client_a.get("/search/", {"q": "Fahr\x00rad"})
    assert response.status_code == 400
    assert not UnfoundSearch.objects.exists()


def test_sql_like_input_is_just_words(in_town_a, client_a):
    ListingFactory(title="Tisch")
    client_a.force_login(UserFactory())
    response = client_a.get("/search/", {"q": "'; DROP TABLE exchange_listing; --"})
    assert response.status_code == 200
    assert "Nothing found" in response.content.decode()
    # the table is still there and the term is recorded as plain words
    assert ListingFactory._meta.model.objects.filter(title="Tisch").exists()
    assert list(UnfoundSearch.objects.values_list("term", flat=True)) == [
        "drop table exchange listing"
    ]


def test_search_that_finds_nothing_is_counted_per_term_and_week(in_town_a, client_a):
    # when two people search the same word differently written, and one a word that exists
    ListingFactory(title="Leiter")
    client_a.force_login(UserFactory())
    client_a.get("/search/", {"q": "Schneeschieber"})
    client_a.get("/search/", {"q": "  schneeschieber! "})
    client_a.get("/search/", {"q": "Leiter"})
    # then one row counts two searches, with no person or address in it
    rows = list(UnfoundSearch.objects.values("term", "count"))
    assert rows == [{"term": "schneeschieber", "count": 2}]
    assert {f.name for f in UnfoundSearch._meta.fields} == {"id", "term", "week", "count"}


def test_town_b_never_shows_town_a_content(in_town_a, client_a, client_b):
    ListingFactory(title="Fahrrad aus Alpha")
    assert "Fahrrad aus Alpha" in client_a.get("/search/", {"q": "Fahrrad"}).content.decode()
    page = client_b.get("/search/", {"q": "Fahrrad"}).content.decode()
    assert "Fahrrad aus Alpha" not in page
    assert "Nothing found" in page


def test_a_module_switched_off_contributes_nothing(in_town_a, client_a):
    # given a listing and a menu with the same word
    ListingFactory(title="Kaffeemaschine")
    MenuFactory(restaurant="Kaffeehaus")
    # when the town switches the exchange off
    in_town_a.enabled_modules = [m for m in in_town_a.enabled_modules if m != "exchange"]
    in_town_a.save(update_fields=["enabled_modules"])
    page = client_a.get("/search/", {"q": "Kaffee"}).content.decode()
    # then the listing's group vanishes and the menu stays
    assert "Kaffeemaschine" not in page and "Listings in the exchange" not in page
    assert "Kaffeehaus" in page


def test_show_all_link_leads_to_the_whole_group(in_town_a, client_a):
    for number in range(7):
        MenuFactory(restaurant=f"Pizzeria {number}")
    page = client_a.get("/search/", {"q": "Pizzeria"}).content.decode()
    assert "Show all 7 in “Lunch menus”" in page
    assert "group=info_menus" in page
    alone = client_a.get("/search/", {"q": "Pizzeria", "group": "info_menus"}).content.decode()
    assert alone.count('class="search-hit"') == 7
    assert "Back to all results" in alone


def test_the_page_runs_as_many_queries_with_many_hits_as_with_a_few(in_town_a, client_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client_a.get("/search/", {"q": "Fahrad"}).status_code == 200
        return len(queries)

    for number in range(6):  # more than a group shows: each group counts its hits
        ListingFactory(title=f"Fahrrad {number}")
        MenuFactory(restaurant=f"Fahrrad-Café {number}")
    count()  # warm the town's caches
    one = count()
    for number in range(6, 30):
        ListingFactory(title=f"Fahrrad {number}")
        MenuFactory(restaurant=f"Fahrrad-Café {number}")
    assert count() == one


def test_visitors_and_the_api_record_no_unfound_search(in_town_a, client_a):
    # when a visitor (or a bot) searches for made-up words, on the page and the API
    client_a.get("/search/", {"q": "Quatschwort"})
    client_a.force_login(UserFactory())
    client_a.get("/api/v1/search/", {"q": "Blödsinnwort"})
    # then nothing is recorded for the administrator's list
    assert not UnfoundSearch.objects.exists()


def test_one_session_records_a_limited_number_a_day(in_town_a, client_a):
    from portal.search.services import MAX_PER_SESSION_AND_DAY

    client_a.force_login(UserFactory())
    for number in range(MAX_PER_SESSION_AND_DAY + 5):
        client_a.get("/search/", {"q": f"wort{number}"})
    assert UnfoundSearch.objects.count() == MAX_PER_SESSION_AND_DAY


def test_the_weeks_list_takes_no_new_term_once_full(in_town_a, monkeypatch):
    from portal.search import services
    from portal.search.query import parse_query

    # given a week whose list of terms is full
    monkeypatch.setattr(services, "MAX_TERMS_PER_WEEK", 2)
    for word in ("erstens", "zweitens"):
        services.record_unfound_search(query=parse_query(word, group=""))
    # when a new term and a listed one are searched
    services.record_unfound_search(query=parse_query("drittens", group=""))
    services.record_unfound_search(query=parse_query("erstens", group=""))
    # then only the listed one counts
    assert dict(UnfoundSearch.objects.values_list("term", "count")) == {
        "erstens": 2,
        "zweitens": 1,
    }


def test_highlight_markers_in_stored_text_do_not_become_marks(in_town_a, client_a):
    # given a description that holds the excerpt's private-use markers (an old or imported row)
    ListingFactory(title="Werkzeug", description="\ue000Gefälscht\ue001 und ein Fahrrad dazu")
    # when someone searches a word of the description
    page = client_a.get("/search/", {"q": "Fahrrad"}).content.decode()
    # then only the searched word is marked, the stored markers are gone
    assert page.count("<mark>") == page.count("</mark>") == 1
    assert "<mark>Fahrrad</mark>" in page
    assert "\ue000" not in page and "\ue001" not in page
