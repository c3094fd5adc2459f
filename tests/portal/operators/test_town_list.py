"""The operator's town list at many towns: search (name, address, domain), status filter,
pages that keep the search, bad input, and a query count that does not grow with the towns."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.accounts.models import User
from portal.operators.views import TOWNS_PER_PAGE
from tenants import services
from tenants.models import Domain, Town
from tests.conftest import TownClient
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def add_towns(count: int, *, prefix: str = "Ort", status: str = Town.Status.ACTIVE) -> None:
    """Town rows with a domain each and no schema (the list must not need one)."""
    made = Town.objects.bulk_create(
        Town(
            schema_name=f"{prefix.lower()}_{n:05}",
            slug=f"{prefix.lower()}-{n:05}",
            name=f"{prefix} {n:05}",
            status=status,
        )
        for n in range(count)
    )
    Domain.objects.bulk_create(
        Domain(tenant=town, domain=f"{town.slug}.lq.test", is_primary=True) for town in made
    )


def listed_names(html: str) -> list[str]:
    return re.findall(r'<th scope="row">([^<]*)</th>', html)


def page_links(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Pages" class="pager">(.*?)</nav>', html, re.S)
    return re.findall(r'href="([^"]*)"', nav.group(1)) if nav else []


# --- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["alph", "ALPHA", "lph"])
def test_search_finds_a_town_by_its_name_in_any_case(
    operator_client: TownClient, query: str
) -> None:
    response = operator_client.get("/", {"q": query})
    assert response.status_code == 200
    assert listed_names(response.text) == ["Alpha"]
    assert "1 town found" in response.text


def test_search_finds_a_town_by_its_slug(operator_client: TownClient, town_b: Town) -> None:
    # given a town whose slug is not in its name
    town_b.slug = "bet-am-see"
    town_b.save(update_fields=["slug"])
    response = operator_client.get("/", {"q": "am-SEE"})
    assert listed_names(response.text) == ["Beta"]


def test_search_finds_a_town_by_another_domain_once(
    operator_client: TownClient, town_b: Town
) -> None:
    # given Beta has two custom domains that both match
    Domain.objects.create(tenant=town_b, domain="portal.beta-gemeinde.example", is_primary=False)
    Domain.objects.create(tenant=town_b, domain="www.beta-gemeinde.example", is_primary=False)
    response = operator_client.get("/", {"q": "Beta-Gemeinde"})
    # then Beta is listed once, with its primary address
    assert listed_names(response.text) == ["Beta"]
    assert "beta.lq.test" in response.text


def test_a_search_that_finds_nothing_says_so(operator_client: TownClient) -> None:
    response = operator_client.get("/", {"q": "Nirgendwo"})
    assert response.status_code == 200
    assert listed_names(response.text) == []
    assert "No towns found." in response.text
    assert 'href="/">Show all towns</a>' in response.text
    assert "<table" not in response.text


def test_the_empty_state_is_german_with_sie(operator_client: TownClient) -> None:
    operator_client.cookies["django_language"] = "de"
    response = operator_client.get("/", {"q": "Nirgendwo"})
    assert "Keine Gemeinden gefunden. Bitte prüfen Sie die Schreibweise" in response.text
    assert "Alle Gemeinden zeigen" in response.text


# --- status filter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "names"),
    [("active", ["Alpha"]), ("suspended", ["Beta"]), ("archived", []), ("", ["Alpha", "Beta"])],
)
def test_the_status_filter_shows_only_towns_in_that_status(
    operator_client: TownClient, town_b: Town, status: str, names: list[str]
) -> None:
    services.suspend_town(town=town_b)
    response = operator_client.get("/", {"status": status})
    assert response.status_code == 200
    assert listed_names(response.text) == names


def test_search_and_filter_together(operator_client: TownClient, town_b: Town) -> None:
    add_towns(3, prefix="Alphaberg", status=Town.Status.SUSPENDED)
    response = operator_client.get("/", {"q": "alpha", "status": "suspended"})
    assert listed_names(response.text) == ["Alphaberg 00000", "Alphaberg 00001", "Alphaberg 00002"]
    # and the form shows what was chosen
    assert 'value="alpha"' in response.text
    assert '<option value="suspended" selected>' in response.text


# --- pages -----------------------------------------------------------------------------------


def test_the_list_is_paged_and_page_two_shows_the_rest(operator_client: TownClient) -> None:
    # given Alpha, Beta and 60 more towns: 62 in all
    add_towns(60)
    first = operator_client.get("/")
    assert len(listed_names(first.text)) == TOWNS_PER_PAGE
    assert "62 towns" in first.text and "Page 1 of 2" in first.text
    second = operator_client.get("/", {"page": "2"})
    rest = listed_names(second.text)
    assert len(rest) == 62 - TOWNS_PER_PAGE
    # no town on both pages, none missing
    assert set(rest).isdisjoint(listed_names(first.text))
    assert len(set(rest) | set(listed_names(first.text))) == 62
    assert page_links(second.text) == ["?page=1"]


def test_page_links_keep_the_search_and_the_filter(operator_client: TownClient) -> None:
    add_towns(120, prefix="Wald")
    response = operator_client.get("/", {"q": "wald", "status": "active", "page": "2"})
    assert "Page 2 of 3" in response.text
    assert page_links(response.text) == [
        "?q=wald&amp;status=active&amp;page=1",
        "?q=wald&amp;status=active&amp;page=3",
    ]
    assert listed_names(response.text)[0] == f"Wald {TOWNS_PER_PAGE:05}"


def test_first_and_last_page_links_appear_far_from_the_ends(operator_client: TownClient) -> None:
    add_towns(200, prefix="Feld")
    response = operator_client.get("/", {"q": "feld", "page": "2"})
    # page 2 of 4: previous is the first page; next and last are different pages
    assert page_links(response.text) == [
        "?q=feld&amp;page=1",
        "?q=feld&amp;page=3",
        "?q=feld&amp;page=4",
    ]
    response = operator_client.get("/", {"q": "feld", "page": "3"})
    assert page_links(response.text) == [
        "?q=feld&amp;page=1",
        "?q=feld&amp;page=2",
        "?q=feld&amp;page=4",
    ]
    assert "« First page" in response.text


@pytest.mark.parametrize(("page", "shown"), [("99", 2), ("abc", 1), ("-1", 2), ("9" * 40, 2)])
def test_a_page_out_of_range_or_not_a_number_shows_a_real_page(
    operator_client: TownClient, page: str, shown: int
) -> None:
    # Django's get_page: not a number -> the first page, beyond the end -> the last one
    add_towns(60)
    response = operator_client.get("/", {"page": page})
    assert response.status_code == 200
    assert f"Page {shown} of 2" in response.text


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"q": "x" * 101}, "at most 100 characters"),
        ({"status": "deleted"}, "Select a valid choice"),
        ({"status": "<script>alert(1)</script>"}, "Select a valid choice"),
    ],
)
def test_bad_search_input_gets_a_clear_message_and_no_list(
    operator_client: TownClient, params: dict[str, str], words: str
) -> None:
    response = operator_client.get("/", params)
    assert response.status_code == 400
    assert words in response.text
    assert "Please check what you entered" in response.text
    assert listed_names(response.text) == []
    assert "<script>alert" not in response.text


def test_a_nul_character_in_the_search_is_refused_before_the_list(
    operator_client: TownClient,
) -> None:
    response = operator_client.get("/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "the address contains a NUL character" in response.text


def test_markup_in_the_search_is_shown_as_text(operator_client: TownClient) -> None:
    response = operator_client.get("/", {"q": "<b>x</b>"})
    assert response.status_code == 200
    assert "<b>x</b>" not in response.text
    assert 'value="&lt;b&gt;x&lt;/b&gt;"' in response.text


def test_percent_and_underscore_are_searched_literally(operator_client: TownClient) -> None:
    add_towns(1, prefix="Hundert")
    assert listed_names(operator_client.get("/", {"q": "%"}).text) == []
    assert listed_names(operator_client.get("/", {"q": "_"}).text) == []


# --- queries ---------------------------------------------------------------------------------


def queries_of(client: TownClient, params: dict[str, str]) -> list[str]:
    client.get("/", params)  # warm caches (sessions, routing)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/", params)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(
    ("params", "prefix"),
    [
        ({}, "Mehr"),
        ({"q": "ort"}, "Mehr"),
        ({"status": "active"}, "Mehr"),
        # sorted before Alpha and Beta, so that page 2 still shows towns with a schema
        ({"q": ".lq.test", "page": "2"}, "Aaa"),
    ],
)
def test_the_query_count_is_the_same_at_5_and_at_60_towns(
    operator_client: TownClient, params: dict[str, str], prefix: str
) -> None:
    add_towns(3)
    few = queries_of(operator_client, params)
    add_towns(57, prefix=prefix)
    many = queries_of(operator_client, params)
    assert len(many) == len(few), many
    # the accounts of the listed towns are counted in one query, not one per town
    assert sum("UNION ALL" in sql for sql in many) <= 1


def test_the_counts_of_towns_with_and_without_a_schema_are_shown(
    operator_client: TownClient, town_a: Town
) -> None:
    # given town rows without a schema beside Alpha (which has one)
    add_towns(2, prefix="Alp")
    response = operator_client.get("/", {"q": "alp"})
    assert response.status_code == 200
    assert listed_names(response.text) == ["Alp 00000", "Alp 00001", "Alpha"]


# --- who may see it --------------------------------------------------------------------------


def test_only_operators_see_the_searched_list(public_client: TownClient) -> None:
    path = "/?q=alpha&status=active&page=2"
    response = public_client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    user = User.objects.create_user("nobody@lq.example", PASSWORD, full_name="No Body")
    public_client.force_login(user)
    assert public_client.get(path).status_code == 403
