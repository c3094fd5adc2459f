"""The route harness: every route of a town host, walked from the URLconf, is town-safe.

For every route and method: a 404 where the town has the route's module switched off; a
404 (or the very answer a made-up id gets) for the people of another town given town A's
ids, with nothing changed, never a 2xx and nothing of town A in the body; a login redirect
with `next=` or a JSON 401 for anonymous visitors on every route not listed as public
(tests/harness/public.py). Samples come from one sample-maker per module (tests/harness/samples/).
"""

from __future__ import annotations

import pytest

from portal.registry import download_url_name, town_modules
from tenants.models import Town
from tenants.routing import forget_towns

from .conftest import Harness
from .probe import (
    ALL_METHODS,
    PAGE_METHODS,
    TOKEN_KWARGS,
    answer,
    has_error_shape,
    is_login_redirect,
    login_next,
    made_up,
    refuses_method,
    revealed,
    send,
    snapshot,
    url_for,
)
from .public import PUBLIC
from .routes import Route, town_routes
from .schema import api_operations, schema_path

ROUTES = town_routes()
MODULE_ROUTES = [route for route in ROUTES if route.module]
ROUTES_WITH_IDS = [route for route in ROUTES if route.kwargs]
# Pages that are on the API prefix but are not operations of the API itself.
NOT_OPERATIONS = {"api:schema", "api:docs"}


def _methods(route: Route) -> tuple[str, ...]:
    if route.is_api and route.name not in NOT_OPERATIONS:
        return api_operations().get(schema_path(route), ())
    return PAGE_METHODS


def _kwargs(harness: Harness, route: Route) -> dict[str, object]:
    return harness.samples.get(route.name, {})


def test_the_harness_walks_every_route() -> None:
    # Printed for the closing note; -s shows it.
    print(f"route harness: {len(ROUTES)} routes, {len(MODULE_ROUTES)} in modules")
    assert len(MODULE_ROUTES) >= 90
    assert {route.module for route in MODULE_ROUTES} == {
        "directory",
        "info",
        "exchange",
        "shop",
        "fund",
        "volunteer",
    }


def test_every_route_has_samples(db: None, harness: Harness) -> None:
    missing = [
        f"{route.name} ({route.pattern}) needs {sorted(set(route.kwargs) - set(_kwargs(harness, route)))}"
        for route in ROUTES_WITH_IDS
        if not set(route.kwargs) <= set(_kwargs(harness, route))
    ]
    stale = sorted(set(harness.samples) - {route.name for route in ROUTES_WITH_IDS})
    assert not missing, "Routes without samples (add them to their module's sample-maker):\n" + (
        "\n".join(missing)
    )
    assert not stale, f"Samples for routes that do not exist: {stale}"


def test_every_api_operation_is_a_walked_route(db: None, harness: Harness) -> None:
    walked = {schema_path(route) for route in ROUTES if route.is_api}
    documented = set(api_operations())
    operations = sum(len(methods) for methods in api_operations().values())
    print(f"route harness: {len(documented)} API paths, {operations} API operations")
    assert documented - walked == set(), "operations the harness does not walk"
    undocumented = {
        schema_path(route)
        for route in ROUTES
        if route.is_api and route.name not in NOT_OPERATIONS and not _methods(route)
    }
    assert undocumented == set(), "API routes without operations in the schema"


@pytest.mark.parametrize("route", MODULE_ROUTES, ids=lambda route: route.id)
def test_a_switched_off_module_is_a_404_for_every_method(
    db: None, harness: Harness, route: Route
) -> None:
    # given town A with the route's module switched off
    others = [key for key in harness.town_a.enabled_modules if key != route.module]
    Town.objects.filter(pk=harness.town_a.pk).update(enabled_modules=others)
    forget_towns()
    url = url_for(route, _kwargs(harness, route))
    # when anyone asks for it, by any method, then it does not exist
    for client in (harness.anonymous_a, harness.admin_a):
        for method in ALL_METHODS:
            response = send(client, method, url)
            assert response.status_code == 404, f"{method} {url}: {response.status_code}"
            if route.is_api and method != "HEAD":
                assert has_error_shape(response), f"{method} {url}"


def test_town_a_secrets_hold_its_names_and_titles(db: None, harness: Harness) -> None:
    # The leak check below can only fail if it knows what town A holds.
    for known in ("Harness-Café", "Hilde Harness", "harness-lister@example.org", "Kinderfahrrad"):
        assert any(known in secret for secret in harness.secrets_a), known


@pytest.mark.parametrize("route", ROUTES_WITH_IDS, ids=lambda route: route.id)
def test_another_towns_people_cannot_reach_town_a_objects(
    db: None, harness: Harness, route: Route
) -> None:
    # given town A's ids, and a made-up set of the same shape
    kwargs = _kwargs(harness, route)
    url = url_for(route, kwargs)
    fake_url = url_for(route, made_up(kwargs))
    towns = [harness.town_a, harness.town_b]
    before = snapshot(towns, route.module)
    # What the visitor typed (the URL's ids) may be echoed back, as on a made-up URL's page.
    secrets = frozenset(secret for secret in harness.secrets_a if secret not in url)
    checked = 0
    skipped = []
    for kind, client in harness.clients_b.items():
        for method in _methods(route):
            fake = send(client, method, fake_url)
            if fake.status_code == 405:
                skipped.append(f"{kind} {method}")
                continue  # the route does not take this method at all
            response = send(client, method, url)
            where = f"{kind} of town B: {method} {url}"
            # then town A's object is indistinguishable from one that does not exist,
            assert answer(response) == answer(fake), where
            # never served, and nothing of town A shows in what they are told
            assert not 200 <= response.status_code < 300, f"{where}: {response.status_code}"
            assert not revealed(response, secrets), f"{where} shows town A's data"
            if kind == "administrator" and not TOKEN_KWARGS & set(route.kwargs):
                # who passes every role check meets nothing but the missing object
                assert response.status_code == 404, f"{where}: {response.status_code}"
            checked += 1
    assert checked, f"no method of {route.name} was tried ({_methods(route)}, {skipped})"
    # and nothing changed in either town
    assert snapshot(towns, route.module) == before


def test_the_public_routes_exist(db: None, harness: Harness) -> None:
    # The list of public routes cannot go stale: each entry names a route and its methods.
    by_name = {route.name: route for route in ROUTES}
    unknown = sorted(set(PUBLIC) - set(by_name))
    assert not unknown, f"public routes that do not exist: {unknown}"
    for name, methods in PUBLIC.items():
        assert methods <= set(_methods(by_name[name])), f"{name}: {sorted(methods)}"


def test_the_samples_public_files_are_really_served(db: None, harness: Harness) -> None:
    # Otherwise "never a 2xx for town B" would hold for file routes only for want of a file.
    for name in ("town_media", "exchange:photo", "directory:logo", "shop:offer_photo"):
        route = next(route for route in ROUTES if route.name == name)
        response = send(harness.anonymous_a, "GET", url_for(route, _kwargs(harness, route)))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "public, max-age=3600", name


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.id)
def test_anonymous_visitors_are_asked_to_log_in(db: None, harness: Harness, route: Route) -> None:
    url = url_for(route, _kwargs(harness, route))
    for method in _methods(route):
        response = send(harness.anonymous_a, method, url)
        where = f"anonymous {method} {url}: {response.status_code} {response.get('Location')}"
        if method in PUBLIC.get(route.name, ()):
            # a public route serves them (a used or bad token link may be refused)
            assert response.status_code < 500, where
            assert not is_login_redirect(response) and response.status_code != 401, where
            if not TOKEN_KWARGS & set(route.kwargs):
                assert response.status_code != 403, where
        elif route.is_api and route.name not in NOT_OPERATIONS:
            # every other operation of the API wants credentials, in the JSON error shape
            assert response.status_code == 401, f"{where} (not public: tests/harness/public.py)"
            assert has_error_shape(response), where
        elif refuses_method(response, method):
            continue  # a page that does not take this method, for anyone
        else:
            # every other page sends them to log in, and back here afterwards
            assert is_login_redirect(response), f"{where} (not public: tests/harness/public.py)"
            assert login_next(response) == url, where


def _download_names() -> set[str]:
    return {
        f"console:{download_url_name(module.key, download.key)}"
        for module in town_modules()
        for download in module.open_downloads
    }


DOWNLOAD_ROUTES = [route for route in ROUTES if route.name in _download_names()]


def test_every_declared_download_is_a_walked_route() -> None:
    assert {route.name for route in DOWNLOAD_ROUTES} == _download_names()
    assert all(route.module for route in DOWNLOAD_ROUTES)  # each behind its module's guard


@pytest.mark.parametrize("route", DOWNLOAD_ROUTES, ids=lambda route: route.id)
def test_another_towns_administrator_downloads_only_their_own_town(
    db: None, harness: Harness, route: Route
) -> None:
    # A download takes no ids: on town B's host it is town B's file, with nothing of town A.
    url = url_for(route, {})
    response = send(harness.clients_b["administrator"], "GET", url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert not revealed(response, harness.secrets_a), f"{url} on town B shows town A's data"
    for kind in ("resident", "moderator"):
        assert send(harness.clients_b[kind], "GET", url).status_code == 403, f"{kind} {url}"


def test_town_a_downloads_show_town_a_secrets(db: None, harness: Harness) -> None:
    # The check above can only fail if town A's own files hold what it looks for.
    shown = set()
    for route in DOWNLOAD_ROUTES:
        response = send(harness.admin_a, "GET", url_for(route, {}))
        assert response.status_code == 200, route.name
        shown |= set(revealed(response, harness.secrets_a))
    assert {"Harness-Café", "Kinderfahrrad"} & shown, sorted(shown)[:20]
