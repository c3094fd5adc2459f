"""Finding offers: categories with counts, district and price filters, the shared search
(stems, compounds, typos), the one search's offers group, constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.shop.models import Offer, PriceModel, Provider
from modules.shop.search_provider import search_groups
from modules.shop.selectors_offers import OfferFilters, category_counts, find_offers
from portal.search.query import parse_query
from tests.factories.shop import OfferFactory, ProviderFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(painter: Provider) -> dict[str, Offer]:
    return {
        "fenster": OfferFactory(
            provider=painter,
            title="Fenster putzen",
            description="Glasreinigung innen und außen.",
            category=category("reinigung"),
            districts=["Merklingen"],
        ),
        "rad": OfferFactory(
            provider=painter,
            title="Fahrradreparatur",
            description="Platten, Bremsen, Schaltung.",
            category=category("fahrrad-mobilitaet"),
            price_model=PriceModel.FLAT,
            price_cents=4900,
            districts=["Hausen"],
        ),
        "bad": OfferFactory(
            provider=painter,
            title="Badsanierung",
            description="Neue Fliesen und Armaturen.",
            price_model=PriceModel.QUOTE,
            price_cents=None,
            districts=["Merklingen", "Hausen"],
        ),
    }


def _titles(filters: OfferFilters) -> set[str]:
    return {offer.title for offer in find_offers(filters)}


def test_a_typo_a_stem_and_a_compound_part_find_the_offer(offers) -> None:
    assert _titles(OfferFilters(query="Fensterr putzen")) == {"Fenster putzen"}
    assert _titles(OfferFilters(query="Fahrräder")) == {"Fahrradreparatur"}
    assert _titles(OfferFilters(query="Fahradreparatur")) == {"Fahrradreparatur"}
    assert "Fenster putzen" in _titles(OfferFilters(query="Glasreinigung"))


def test_filters_narrow_by_district_price_model_and_category(offers) -> None:
    assert _titles(OfferFilters(district="Hausen")) == {"Fahrradreparatur", "Badsanierung"}
    assert _titles(OfferFilters(price_model="quote")) == {"Badsanierung"}
    assert _titles(OfferFilters(category="reinigung")) == {"Fenster putzen"}
    # unknown values narrow to nothing or are ignored, never an error
    assert _titles(OfferFilters(price_model="gratis")) == {o.title for o in offers.values()}
    assert _titles(OfferFilters(category="gibt-es-nicht")) == set()


def test_categories_are_counted_under_the_other_filters(offers) -> None:
    counts = {c.slug: c.count for c in category_counts(OfferFilters(district="Hausen"))}
    assert counts["fahrrad-mobilitaet"] == 1
    assert counts["haus-handwerk"] == 1
    assert counts["reinigung"] == 0


def test_drafts_hidden_withdrawn_and_waiting_businesses_are_not_found(painter) -> None:
    OfferFactory(provider=painter, title="Entwurf Fenster", status=Offer.Status.DRAFT)
    OfferFactory(provider=painter, title="Zurück Fenster", status=Offer.Status.WITHDRAWN)
    OfferFactory(provider=painter, title="Versteckt Fenster", is_hidden=True)
    waiting = ProviderFactory(status=Provider.Status.PENDING)
    OfferFactory(provider=waiting, title="Wartend Fenster")
    assert _titles(OfferFilters(query="Fenster")) == set()


def test_the_page_filters_without_javascript(client_a, offers) -> None:
    page = client_a.get("/shop/offers/?district=Hausen&price_model=flat").content.decode()
    assert "Fahrradreparatur" in page
    assert "Badsanierung" not in page
    assert "Fenster putzen" not in page
    # the category links keep the other filters
    assert "district=Hausen" in page
    assert 'name="o"' in page  # the "add to comparison" checkboxes


@pytest.mark.parametrize(
    "query", ["", " ", "x" * 500, "<script>alert(1)</script>", "'; DROP TABLE shop_offer; --"]
)
def test_bad_search_input_is_answered_calmly(client_a, offers, query: str) -> None:
    response = client_a.get("/shop/offers/", {"q": query, "page": "abc"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Offer.objects.count() == 3


def test_the_list_keeps_a_constant_number_of_queries(client_a, painter, offers) -> None:
    client_a.get("/shop/offers/")
    with CaptureQueriesContext(connection) as few:
        client_a.get("/shop/offers/")
    for n in range(12):
        OfferFactory(provider=ProviderFactory(), title=f"Angebot {n}", districts=[f"Ort {n}"])
    with CaptureQueriesContext(connection) as many:
        assert client_a.get("/shop/offers/").status_code == 200
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as searched:
        client_a.get("/shop/offers/?q=Angebt")
    OfferFactory.create_batch(5, provider=painter, title="Angebot mehr")
    with CaptureQueriesContext(connection) as searched_more:
        client_a.get("/shop/offers/?q=Angebt")
    assert len(searched_more) == len(searched)


def test_the_one_search_has_an_offers_group(offers) -> None:
    query = parse_query("Fensterputzen")
    assert query is not None
    groups = {group.key: group for group in search_groups(query)}
    hits = groups["shop_offers"].hits
    assert [hit.title for hit in hits] == ["Fenster putzen"]
    assert hits[0].url == f"/shop/o/{offers['fenster'].public_id}/"


def test_the_search_page_shows_offers(client_a, offers) -> None:
    page = client_a.get("/search/", {"q": "Fahradreparatur"}).content.decode()
    assert "Fahrradreparatur" in page


def test_offers_of_town_a_are_not_found_in_town_b(client_b, offers) -> None:
    page = client_b.get("/shop/offers/?q=Fenster").content.decode()
    assert "Fenster putzen" not in page
    assert client_b.get(f"/shop/o/{offers['fenster'].public_id}/").status_code == 404
