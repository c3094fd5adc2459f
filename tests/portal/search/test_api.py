"""GET /api/v1/search/: the same grouped search as the page, in the API's shapes."""

from __future__ import annotations

from portal.search.models import UnfoundSearch
from tests.factories.exchange import ListingFactory
from tests.factories.info import MenuFactory


def test_api_returns_grouped_hits(in_town_a, client_a):
    ListingFactory(title="Fahrrad für Kinder", description="Mit Fahrrad-Helm.")
    MenuFactory(restaurant="Gasthaus Krone", dishes="Mittagessen mit Suppe")
    data = client_a.get("/api/v1/search/", {"q": "Fahrad"}).json()
    assert data["q"] == "Fahrad"
    assert [(g["key"], g["total"], [h["title"] for h in g["hits"]]) for g in data["groups"]] == [
        ("exchange_listings", 1, ["Fahrrad für Kinder"])
    ]
    assert "<mark>" not in data["groups"][0]["hits"][0]["excerpt"]
    assert client_a.get("/api/v1/search/", {"q": "Mittagessen"}).json()["groups"][0]["key"] == (
        "info_menus"
    )


def test_api_bad_input_has_the_one_error_shape(in_town_a, client_a):
    for params in ({}, {"q": "!!!"}, {"q": "x" * 10_000}):
        response = client_a.get("/api/v1/search/", params)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid"
        assert response.json()["error"]["fields"]["q"]
    assert not UnfoundSearch.objects.exists()


def test_api_in_town_b_never_shows_town_a(in_town_a, client_a, client_b):
    ListingFactory(title="Leiterwagen")
    assert client_a.get("/api/v1/search/", {"q": "Leiterwagen"}).json()["groups"]
    assert client_b.get("/api/v1/search/", {"q": "Leiterwagen"}).json()["groups"] == []


def test_api_is_in_the_openapi_schema(in_town_a, client_a):
    schema = client_a.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert "/api/v1/search/" in schema.content.decode()
