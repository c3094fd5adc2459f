"""The header's navigation: the town's enabled, built modules from the registry, the person's
links, and the current-page marker."""

from __future__ import annotations

import re

from django.urls import reverse

from portal import registry
from tenants.models import Town
from tenants.routing import forget_towns
from tests.factories import UserFactory

MODULE_LINK = re.compile(r'<a href="/(\w+)/" data-module="(\w+)"')


def _switch_off(town: Town, module: str) -> None:
    others = [key for key in town.enabled_modules if key != module]
    Town.objects.filter(pk=town.pk).update(enabled_modules=others)
    forget_towns()  # the host -> town map is cached; the change is seen from the next request


def _nav_modules(html: str) -> list[str]:
    """The module links of the wide navigation (the phone menu repeats the same list)."""
    wide = html.split('class="nav-wide"', 1)[1].split('class="nav-phone"', 1)[0]
    return [key for href, key in MODULE_LINK.findall(wide) if href == key]


def test_the_navigation_lists_exactly_the_towns_enabled_built_modules(
    client_a, town_a, monkeypatch
) -> None:
    # given: the test town has every module on, and one of them is not built (declared)
    assert set(town_a.enabled_modules) >= {m.key for m in registry.town_modules()}
    built = {key: module for key, module in registry._modules.items() if key != "fund"}
    monkeypatch.setattr(registry, "_modules", built)
    # when
    html = client_a.get("/").content.decode()
    # then: the built ones, in the registry's order; the undeclared one has no link
    assert _nav_modules(html) == [m.key for m in registry.town_modules()]
    assert 'data-module="shop"' in html and 'data-module="fund"' not in html


def test_switching_a_module_off_removes_its_link_in_that_town_only(
    client_a, client_b, town_a
) -> None:
    # given
    _switch_off(town_a, "info")
    # when
    in_a = _nav_modules(client_a.get("/directory/").content.decode())
    in_b = _nav_modules(client_b.get("/directory/").content.decode())
    # then
    assert "info" not in in_a and in_a == ["directory", "exchange", "shop", "fund", "volunteer"]
    assert "info" in in_b


def test_two_towns_have_the_same_navigation_only_when_their_modules_match(
    client_a, client_b, town_a
) -> None:
    # given: both towns with the same modules
    same_a = _nav_modules(client_a.get("/").content.decode())
    same_b = _nav_modules(client_b.get("/").content.decode())
    assert same_a == same_b
    # when: one town switches the exchange off
    _switch_off(town_a, "exchange")
    # then
    assert _nav_modules(client_a.get("/").content.decode()) != same_b
    assert _nav_modules(client_a.get("/").content.decode()) == [
        "directory",
        "info",
        "shop",
        "fund",
        "volunteer",
    ]


def test_the_current_page_is_marked_in_the_navigation(client_a) -> None:
    # when
    html = client_a.get("/info/").content.decode()
    # then: the info link carries aria-current, the home link does not
    assert re.search(r'data-module="info" aria-current="page"', html)
    assert not re.search(r'data-module="(directory|exchange)" aria-current', html)
    assert '<a href="/" aria-current="page"' not in html
    home = client_a.get("/").content.decode()
    assert '<a href="/" aria-current="page"' in home
    assert not re.search(r'data-module="\w+" aria-current', home)


def test_a_visitor_is_offered_log_in_and_registration(client_a) -> None:
    header = client_a.get("/").content.decode().split("</header>")[0]
    assert 'href="/accounts/login/"' in header and 'href="/accounts/register/"' in header
    assert "/accounts/logout/" not in header and "/manage/" not in header


def test_a_resident_gets_their_area_and_log_out_but_no_console(client_a, in_town_a) -> None:
    # given
    client_a.force_login(UserFactory())
    # when
    header = client_a.get("/info/").content.decode().split("</header>")[0]
    # then: "My area", and Log out
    own = reverse("my_area")
    assert f'href="{own}"' in header
    assert reverse("accounts:logout") in header
    assert 'href="/accounts/login/"' not in header and "/manage/" not in header


def test_moderators_and_administrators_get_the_console_link(client_a, in_town_a) -> None:
    client_a.force_login(UserFactory(moderator=True))
    header = client_a.get("/me/").content.decode().split("</header>")[0]
    assert f'href="{reverse("console:approvals")}"' in header
    client_a.force_login(UserFactory(town_admin=True))
    header = client_a.get("/me/").content.decode().split("</header>")[0]
    assert f'href="{reverse("console:index")}"' in header


def test_the_search_box_is_in_the_header(client_a) -> None:
    header = client_a.get("/").content.decode().split("</header>")[0]
    assert f'<form role="search" method="get" action="{reverse("search")}"' in header
    assert 'name="q"' in header


def test_the_navigation_costs_no_query(client_a, django_assert_max_num_queries) -> None:
    # given: the home page's queries without the navigation are what they were; the header
    # reads only the town row the middleware has loaded
    from django.test import RequestFactory

    from portal.navigation import navigation

    request = RequestFactory().get("/info/")
    request.tenant = Town.objects.get(slug="alpha")  # type: ignore[attr-defined]
    with django_assert_max_num_queries(0):
        context = navigation(request)
    assert [link.key for link in context["nav_modules"]] == [
        "directory",
        "info",
        "exchange",
        "shop",
        "fund",
        "volunteer",
    ]
    assert [link.key for link in context["nav_modules"] if link.current] == ["info"]


def test_the_exchanges_sub_navigation_marks_the_current_page(client_a, in_town_a) -> None:
    client_a.force_login(UserFactory())
    html = client_a.get("/exchange/mine/").content.decode()
    sub = html.split('class="console-nav"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'href="/exchange/mine/" aria-current="page"', sub)
    assert sub.count('aria-current="page"') == 1


def test_the_search_box_sends_q_to_the_search_page_and_keeps_the_term(client_a) -> None:
    # when: on any page
    header = client_a.get("/info/").content.decode().split("</header>")[0]
    # then: one labelled search form per navigation copy, GET to the search page, field q
    assert header.count('<form role="search" method="get" action="/search/"') == 2
    assert '<label for="nav-search-wide"' in header and 'id="nav-search-wide" name="q"' in header
    assert 'id="nav-search-phone" name="q"' in header
    # and on the search page the term stays in the box, escaped
    found = client_a.get("/search/", {"q": 'Fahrad"><b>'}).content.decode()
    assert 'value="Fahrad&quot;&gt;&lt;b&gt;"' in found
    assert '"><b>' not in found.split("</header>")[0]


def test_home_leads_a_logged_in_person_to_the_towns_page_and_is_marked_there(
    client_a, in_town_a
) -> None:
    # given a logged-in resident ("/" sends them to /me/)
    client_a.force_login(UserFactory())
    # when they open the town's page
    header = client_a.get("/town/").content.decode().split("</header>")[0]
    # then "Home" links to it and is marked as the current page
    assert '<a href="/town/" aria-current="page"' in header
    assert '<a href="/"' not in header
    # and on another page "Home" still leads there, unmarked
    other = client_a.get("/info/").content.decode().split("</header>")[0]
    assert '<a href="/town/">' in other


def test_the_header_has_no_fallbacks_for_routes_that_exist() -> None:
    from pathlib import Path

    import portal

    nav = Path(portal.__file__).parent / "templates" / "portal" / "_site_nav.html"
    source = nav.read_text()
    assert "search_url" not in source and "my_area_url" not in source
    assert "My profile" not in source
