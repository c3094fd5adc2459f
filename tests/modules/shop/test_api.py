"""The shop API under /api/v1/shop/: public offers and businesses, the parties' orders,
requests and every order action through the state machine; one error shape; isolation."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token

from billing.fees.selectors import fund_balance
from modules.shop.models import Category, ContactBy, Offer, Order, PriceModel, Provider
from modules.shop.scopes import REQUESTS
from portal.accounts.models import Role
from portal.behalf.models import Consent
from portal.behalf.services import create_managed_resident, record_consent
from tests.factories import UserFactory
from tests.factories.shop import OfferFactory, ProviderFactory, make_order, soon

pytestmark = pytest.mark.django_db
API = "/api/v1/shop"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


@pytest.fixture
def offer(painter):
    return OfferFactory(provider=painter, title="Wohnzimmer streichen", price_cents=4500)


@pytest.fixture
def order(offer, resident):
    return make_order(offer=offer, resident=resident)


def request_body(the_offer, **changes):
    return {
        "offer": str(the_offer.public_id),
        "need": "Zwei Zimmer streichen.",
        "windows": [soon()],
        "place": "Lindenweg 3, 71263 Weil der Stadt",
        "contact_by": "email",
        **changes,
    }


# --- public reads ---------------------------------------------------------------------------


def test_offers_are_public_and_only_the_public_ones(client_a, offer, painter):
    OfferFactory(provider=painter, title="Entwurf", status=Offer.Status.DRAFT)
    OfferFactory(provider=painter, title="Versteckt", is_hidden=True)
    OfferFactory(provider=ProviderFactory(status=Provider.Status.PENDING), title="Wartend")
    data = client_a.get(f"{API}/offers/").json()
    assert [item["title"] for item in data["results"]] == ["Wohnzimmer streichen"]
    item = data["results"][0]
    assert item["id"] == str(offer.public_id)
    assert item["provider"] == {"slug": "maler-keller", "name": "Malerbetrieb Keller"}
    assert item["price_cents"] == 4500 and item["price_model"] == "hourly"
    assert painter.request_email not in str(data)
    assert client_a.get(f"{API}/offers/{offer.public_id}/").json()["title"] == offer.title
    draft = Offer.objects.get(title="Entwurf")
    assert client_a.get(f"{API}/offers/{draft.public_id}/").status_code == 404


def test_offers_filter_by_category_district_price_model_and_words(client_a, painter):
    garden = Category.objects.get(slug="garten")
    OfferFactory(provider=painter, title="Hecke schneiden", category=garden, districts=["Hausen"])
    OfferFactory(
        provider=painter,
        title="Fassade streichen",
        description="Außenanstrich für Einfamilienhäuser",
        price_model=PriceModel.QUOTE,
        price_cents=None,
    )

    def titles(query: str) -> list[str]:
        response = client_a.get(f"{API}/offers/?{query}")
        assert response.status_code == 200, response.json()
        return [item["title"] for item in response.json()["results"]]

    assert titles("category=garten") == ["Hecke schneiden"]
    assert titles("district=Hausen") == ["Hecke schneiden"]
    assert titles("price_model=quote") == ["Fassade streichen"]
    assert titles("q=Fasade") == ["Fassade streichen"]  # a typo, the shared search
    assert titles("q=Einfamilienhaus") == ["Fassade streichen"]  # a stem
    assert titles("category=unknown") == []
    bad = client_a.get(f"{API}/offers/?price_model=cheap")
    assert bad.status_code == 400
    assert set(bad.json()["error"]) == {"code", "message", "fields"}
    assert "price_model" in bad.json()["error"]["fields"]


def test_providers_are_public_and_filtered(client_a, painter, offer):
    ProviderFactory(name="Wartet noch", status=Provider.Status.PENDING)
    gardener = ProviderFactory(name="Grünzeug", districts=["Hausen"])
    OfferFactory(provider=gardener, category=Category.objects.get(slug="garten"))
    names = lambda q: [p["name"] for p in client_a.get(f"{API}/providers/?{q}").json()["results"]]  # noqa: E731
    assert names("") == ["Grünzeug", "Malerbetrieb Keller"]
    assert names("district=Hausen") == ["Grünzeug"]
    assert names("category=garten") == ["Grünzeug"]
    assert names("price_model=hourly") == ["Grünzeug", "Malerbetrieb Keller"]
    assert names("q=Maler") == ["Malerbetrieb Keller"]
    detail = client_a.get(f"{API}/providers/maler-keller/").json()
    assert detail["name"] == "Malerbetrieb Keller" and "request_email" not in detail
    pending = Provider.objects.get(name="Wartet noch")
    assert client_a.get(f"{API}/providers/{pending.slug}/").status_code == 404


@pytest.mark.parametrize("endpoint", ["offers", "providers"])
def test_public_lists_keep_a_constant_number_of_queries(
    client_a, painter, endpoint, django_assert_max_num_queries
):
    OfferFactory(provider=painter)
    client_a.get(f"{API}/{endpoint}/")
    with CaptureQueriesContext(connection) as few:
        client_a.get(f"{API}/{endpoint}/")
    for _n in range(8):
        OfferFactory(provider=ProviderFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client_a.get(f"{API}/{endpoint}/").json()["results"]) >= 9


# --- orders: who sees what ------------------------------------------------------------------


def test_the_resident_and_the_business_see_the_order_others_get_404(
    client_a, order, resident, owner, other_provider
):
    client_a.force_login(resident)
    mine = client_a.get(f"{API}/orders/").json()["results"]
    assert [o["id"] for o in mine] == [str(order.public_id)]
    assert mine[0]["place"] == "Marktplatz 1, 71263 Weil der Stadt"
    client_a.force_login(owner)
    theirs = client_a.get(f"{API}/orders/{order.public_id}/").json()
    assert theirs["number"] == order.number
    assert theirs["place"] == ""  # not before the business accepts
    assert [e["action"] for e in theirs["events"]] == ["requested"]
    client_a.force_login(other_provider)
    assert client_a.get(f"{API}/orders/").json()["results"] == []
    assert client_a.get(f"{API}/orders/{order.public_id}/").status_code == 404
    client_a.logout()
    assert client_a.get(f"{API}/orders/").status_code in (401, 403)
    assert client_a.get(f"{API}/orders/{order.public_id}/").status_code in (401, 403)


def test_the_network_manager_sees_every_order_of_the_town(client_a, order, moderator):
    from tests.factories.shop import requests_consent

    client_a.force_login(moderator)
    assert [o["id"] for o in client_a.get(f"{API}/orders/").json()["results"]] == [
        str(order.public_id)
    ]
    # the place as the order page shows it: only with the resident's consent to help
    assert client_a.get(f"{API}/orders/{order.public_id}/").json()["place"] == ""
    requests_consent(person=order.resident, recorded_by=moderator)
    assert client_a.get(f"{API}/orders/{order.public_id}/").json()["place"]


def test_the_order_list_keeps_a_constant_number_of_queries(
    client_a, offer, resident, django_assert_max_num_queries
):
    make_order(offer=offer, resident=resident)
    client_a.force_login(resident)
    client_a.get(f"{API}/orders/")
    with CaptureQueriesContext(connection) as few:
        client_a.get(f"{API}/orders/")
    for _n in range(6):
        make_order(offer=OfferFactory(provider=ProviderFactory()), resident=resident)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client_a.get(f"{API}/orders/").json()["results"]) == 7


# --- requests -------------------------------------------------------------------------------


def test_a_resident_requests_an_offer(
    client_a, offer, resident, django_capture_on_commit_callbacks
):
    client_a.force_login(resident)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post(client_a, f"{API}/orders/", request_body(offer))
    assert response.status_code == 201, response.json()
    order = Order.objects.get()
    assert response.json()["id"] == str(order.public_id)
    assert (order.resident, order.offer, order.status) == (resident, offer, "requested")
    assert queued  # the business's e-mail leaves on commit


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"need": ""}, "need"),
        ({"need": "x" * 2001}, "need"),
        ({"need": 12}, "need"),
        ({"place": "a\x00b"}, "place"),
        ({"windows": []}, "windows"),
        ({"windows": [soon(1), soon(2), soon(3), soon(4)]}, "windows"),
        (
            {"windows": [{"start": "2020-01-01T10:00+01:00", "end": "2020-01-01T12:00+01:00"}]},
            "windows",
        ),
        ({"windows": [{"start": soon()["end"], "end": soon()["start"]}]}, "windows"),
        ({"windows": "tomorrow"}, "windows"),
        ({"contact_by": "pigeon"}, "contact_by"),
        ({"contact_by": "phone", "contact_phone": ""}, "contact_phone"),
        ({"offer": "not-a-uuid"}, "offer"),
        ({"on_behalf_of": "nobody"}, "on_behalf_of"),
    ],
)
def test_bad_requests_are_400_in_one_shape_and_store_nothing(
    client_a, offer, resident, changes, field
):
    client_a.force_login(resident)
    response = post(client_a, f"{API}/orders/", request_body(offer, **changes))
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"offer": "00000000-0000-0000-0000-000000000000"},
        {"on_behalf_of": "00000000-0000-0000-0000-000000000000"},
    ],
)
def test_a_made_up_offer_or_person_is_404_and_stores_nothing(client_a, offer, resident, changes):
    client_a.force_login(resident)
    response = post(client_a, f"{API}/orders/", request_body(offer, **changes))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert Order.objects.count() == 0


def test_markup_in_a_request_is_stored_as_text_and_returned_as_text(client_a, offer, resident):
    client_a.force_login(resident)
    body = request_body(offer, need="<script>alert(1)</script> bitte streichen")
    response = post(client_a, f"{API}/orders/", body)
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["need"] == "<script>alert(1)</script> bitte streichen"


def test_hidden_unapproved_and_own_offers_cannot_be_requested(client_a, painter, owner, resident):
    hidden = OfferFactory(provider=painter, is_hidden=True)
    waiting = OfferFactory(provider=ProviderFactory(status=Provider.Status.PENDING))
    client_a.force_login(resident)
    for offer in (hidden, waiting):
        response = post(client_a, f"{API}/orders/", request_body(offer))
        assert response.status_code == 400
        assert response.json()["error"]["message"] == "This offer is not available."
    client_a.force_login(owner)
    mine = OfferFactory(provider=painter)
    assert post(client_a, f"{API}/orders/", request_body(mine)).status_code == 400
    assert Order.objects.count() == 0


def test_an_unverified_person_cannot_request(client_a, offer, in_town_a):
    unverified = UserFactory(unverified=True)
    client_a.force_login(unverified)
    assert post(client_a, f"{API}/orders/", request_body(offer)).status_code == 403
    assert Order.objects.count() == 0


def test_the_network_manager_requests_for_a_resident_with_consent(client_a, offer, moderator):
    hilde = create_managed_resident(created_by=moderator, full_name="Hilde Maier", phone="07033 1")
    client_a.force_login(moderator)
    body = request_body(offer, on_behalf_of=str(hilde.public_id), contact_by="network_manager")
    # without her consent: refused
    assert post(client_a, f"{API}/orders/", body).status_code == 403
    record_consent(
        recorded_by=moderator, person=hilde, scopes=[REQUESTS], given_how=Consent.Given.PAPER
    )
    response = post(client_a, f"{API}/orders/", body)
    assert response.status_code == 201, response.json()
    order = Order.objects.get()
    assert (order.resident, order.entered_by) == (hilde, moderator)
    assert order.contact_by == ContactBy.NETWORK_MANAGER


# --- the order's steps ----------------------------------------------------------------------


def test_the_whole_life_of_an_order_through_the_api(client_a, order, owner, resident):
    window = soon(5)
    client_a.force_login(owner)
    response = post(
        client_a, f"{API}/orders/{order.public_id}/question/", {"question": "Welche Farbe?"}
    )
    assert response.status_code == 200 and response.json()["status"] == "requested"
    response = post(
        client_a,
        f"{API}/orders/{order.public_id}/accept/",
        {"start": window["start"], "end": window["end"], "text": "Gerne."},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert (
        response.json()["place"] == "Marktplatz 1, 71263 Weil der Stadt"
    )  # now the business sees it
    # the business cannot confirm for the resident
    assert post(client_a, f"{API}/orders/{order.public_id}/confirm/").status_code == 403
    client_a.force_login(resident)
    response = post(client_a, f"{API}/orders/{order.public_id}/confirm/")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    client_a.force_login(owner)
    response = post(client_a, f"{API}/orders/{order.public_id}/complete/")
    assert response.status_code == 200 and response.json()["status"] == "completed"
    assert [e["action"] for e in response.json()["events"]] == [
        "requested",
        "question",
        "accepted",
        "confirmed",
        "completed",
    ]
    assert fund_balance() == 200  # the default fee, due at completion
    # a step that is no longer possible: 400 in the one shape, nothing changes
    response = post(client_a, f"{API}/orders/{order.public_id}/cancel/", {"reason": "Zu spät"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "This order has already been completed."
    assert Order.objects.get(pk=order.pk).status == "completed"


def test_the_business_declines_with_a_reason(client_a, order, owner):
    client_a.force_login(owner)
    response = post(client_a, f"{API}/orders/{order.public_id}/decline/", {"reason": ""})
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    response = post(client_a, f"{API}/orders/{order.public_id}/decline/", {"reason": "Ausgebucht"})
    assert response.status_code == 200 and response.json()["reason"] == "Ausgebucht"
    assert Order.objects.get(pk=order.pk).status == "declined"


def test_the_resident_cancels_and_a_posted_fee_is_reversed(client_a, order, owner, resident):
    window = soon()
    from modules.shop.services.orders import accept_order, confirm_order

    accept_order(order=order, by=owner, start=window["start"], end=window["end"])
    confirm_order(order=order, by=resident)
    client_a.force_login(resident)
    response = post(client_a, f"{API}/orders/{order.public_id}/cancel/", {"reason": "Umzug"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert fund_balance() == 0


@pytest.mark.parametrize(
    ("step", "body"),
    [
        ("accept", {"start": soon()["start"], "end": soon()["end"]}),
        ("decline", {"reason": "Nein"}),
        ("question", {"question": "Wann?"}),
        ("complete", {}),
        ("cancel", {"reason": "Nein"}),
    ],
)
def test_a_resident_cannot_take_the_business_steps(client_a, order, in_town_a, step, body):
    stranger = UserFactory()
    client_a.force_login(stranger)
    assert post(client_a, f"{API}/orders/{order.public_id}/{step}/", body).status_code == 404
    assert Order.objects.get(pk=order.pk).status == "requested"
    assert order.events.count() == 1


def test_another_business_gets_404_and_the_network_manager_403_for_an_owned_business(
    client_a, order, other_provider, moderator
):
    window = soon()
    body = {"start": window["start"], "end": window["end"]}
    client_a.force_login(other_provider)
    assert post(client_a, f"{API}/orders/{order.public_id}/accept/", body).status_code == 404
    client_a.force_login(moderator)
    response = post(client_a, f"{API}/orders/{order.public_id}/accept/", body)
    assert response.status_code == 403
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert Order.objects.get(pk=order.pk).status == "requested"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"start": "morgen", "end": "übermorgen"},
        {"start": soon()["end"], "end": soon()["start"]},
        {"start": "2020-01-01T10:00+01:00", "end": "2020-01-01T12:00+01:00"},
        {**soon(), "declared_value_cents": -5},
        {**soon(), "declared_value_cents": "100"},
        {**soon(), "text": "x" * 1001},
    ],
)
def test_a_bad_acceptance_is_400_and_changes_nothing(client_a, order, owner, body):
    client_a.force_login(owner)
    response = post(client_a, f"{API}/orders/{order.public_id}/accept/", body)
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == "invalid"
    assert Order.objects.get(pk=order.pk).status == "requested"


def test_a_made_up_order_is_404(client_a, resident):
    client_a.force_login(resident)
    assert client_a.get(f"{API}/orders/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client_a.get(f"{API}/orders/nonsense/").status_code == 404


# --- towns and the module -------------------------------------------------------------------


def test_town_b_sees_nothing_of_town_a(client_b, town_b, order, offer, painter):
    with tenant_context(town_b):
        outsider = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
        token = Token.objects.create(user=outsider).key
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client_b.get(f"{API}/offers/", **auth).json()["results"] == []
    assert client_b.get(f"{API}/offers/{offer.public_id}/", **auth).status_code == 404
    assert client_b.get(f"{API}/providers/{painter.slug}/", **auth).status_code == 404
    assert client_b.get(f"{API}/orders/{order.public_id}/", **auth).status_code == 404
    response = client_b.post(
        f"{API}/orders/{order.public_id}/decline/",
        {"reason": "x"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 404
    response = client_b.post(
        f"{API}/orders/", request_body(offer), content_type="application/json", **auth
    )
    assert response.status_code == 404
    assert Order.objects.get(pk=order.pk).status == "requested"
    with tenant_context(town_b):
        assert Order.objects.count() == 0


def test_the_api_is_a_404_where_the_shop_is_off(client_a, order, offer, resident, shop_off):
    client_a.force_login(resident)
    assert client_a.get(f"{API}/offers/").status_code == 404
    assert client_a.get(f"{API}/orders/").status_code == 404
    assert post(client_a, f"{API}/orders/", request_body(offer)).status_code == 404
    assert (
        post(client_a, f"{API}/orders/{order.public_id}/cancel/", {"reason": "x"}).status_code
        == 404
    )
    assert Order.objects.count() == 1


def test_token_auth_works_like_the_session(client_a, order, resident):
    token = Token.objects.create(user=resident).key
    response = client_a.get(f"{API}/orders/", HTTP_AUTHORIZATION=f"Token {token}")
    assert [o["id"] for o in response.json()["results"]] == [str(order.public_id)]
    bad = client_a.get(f"{API}/orders/", HTTP_AUTHORIZATION="Token nonsense")
    assert bad.status_code == 401


def test_the_schema_lists_the_shop_api(client_a):
    paths = client_a.get("/api/v1/schema/?format=json").json()["paths"]
    for path in (
        "/api/v1/shop/offers/",
        "/api/v1/shop/offers/{public_id}/",
        "/api/v1/shop/providers/",
        "/api/v1/shop/providers/{slug}/",
        "/api/v1/shop/orders/",
        "/api/v1/shop/orders/{public_id}/",
        "/api/v1/shop/orders/{public_id}/accept/",
        "/api/v1/shop/orders/{public_id}/decline/",
        "/api/v1/shop/orders/{public_id}/question/",
        "/api/v1/shop/orders/{public_id}/confirm/",
        "/api/v1/shop/orders/{public_id}/complete/",
        "/api/v1/shop/orders/{public_id}/cancel/",
    ):
        assert path in paths, path
    assert "post" in paths["/api/v1/shop/orders/"]
