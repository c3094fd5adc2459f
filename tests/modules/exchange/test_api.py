"""API under /api/v1/exchange/: listings, my account, transfers; one error shape; isolation."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from billing.ledger.models import Entry
from modules.exchange import services
from modules.exchange.models import Listing, TimeTransfer
from portal.accounts.models import Role
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory, ThreadFactory
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
API = "/api/v1/exchange"


def login(client, user, town):
    with tenant_context(town):
        client.force_login(user)


def test_list_and_detail(client_a, people):
    listing = ListingFactory(owner=people["owner"], title="Leiter")
    ListingFactory(title="Versteckt", is_hidden=True)
    data = client_a.get(f"{API}/listings/").json()
    assert [item["title"] for item in data["results"]] == ["Leiter"]
    item = data["results"][0]
    assert item["id"] == str(listing.public_id)
    assert "email" not in str(data) and people["owner"].email not in str(data)
    detail = client_a.get(f"{API}/listings/{listing.public_id}/").json()
    assert detail["title"] == "Leiter"


def test_list_keeps_constant_queries(client_a, people):
    def grow(n: int) -> None:
        for _ in range(n):
            ListingFactory(owner=UserFactory())

    assert_constant_queries(lambda: client_a.get(f"{API}/listings/"), grow=grow)
    assert len(client_a.get(f"{API}/listings/").json()["results"]) == 9


def test_create_requires_participation(client_a, town_a, people):
    body = {"kind": "give", "type": "item", "title": "Sofa"}
    assert client_a.post(f"{API}/listings/", body, content_type="application/json").status_code in (
        401,
        403,
    )
    login(client_a, people["unverified"], town_a)
    response = client_a.post(f"{API}/listings/", body, content_type="application/json")
    assert response.status_code == 403
    assert Listing.objects.count() == 0
    login(client_a, people["provider"], town_a)
    response = client_a.post(f"{API}/listings/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["title"] == "Sofa"
    assert Listing.objects.get().owner == people["provider"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"title": ["a"]}, "title"),
        ({"kind": "sell"}, "kind"),
        ({"minutes": "viel"}, "minutes"),
        ({"minutes": 50}, "minutes"),
        ({"minutes": -15}, "minutes"),
    ],
)
def test_create_refuses_bad_input_in_one_shape(client_a, town_a, people, body, field):
    login(client_a, people["owner"], town_a)
    data = {"kind": "give", "type": "time", "title": "Hilfe", **body}
    response = client_a.post(f"{API}/listings/", data, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]
    assert Listing.objects.count() == 0


def test_markup_is_returned_as_plain_text(client_a, town_a, people):
    login(client_a, people["owner"], town_a)
    data = {"kind": "give", "type": "item", "title": "<img src=x onerror=alert(1)>"}
    response = client_a.post(f"{API}/listings/", data, content_type="application/json")
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["title"] == data["title"]


def test_account_and_transfer_flow(client_a, town_a, people):
    thread = ThreadFactory(
        listing=ListingFactory(owner=people["owner"], listing_type="time"),
        interested=people["member"],
    )
    login(client_a, people["owner"], town_a)
    response = client_a.post(
        f"{API}/transfers/",
        {"thread": str(thread.public_id), "direction": "i_helped", "minutes": 45},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    transfer_id = response.json()["id"]
    # the proposer's own confirmation is refused
    response = client_a.post(f"{API}/transfers/{transfer_id}/confirm/")
    assert response.status_code == 400 and "other person" in response.json()["error"]["message"]
    login(client_a, people["member"], town_a)
    response = client_a.post(f"{API}/transfers/{transfer_id}/confirm/")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    replay = client_a.post(f"{API}/transfers/{transfer_id}/confirm/")
    assert replay.status_code == 400
    assert "already been confirmed" in replay.json()["error"]["message"]
    assert Entry.objects.count() == 2
    account = client_a.get(f"{API}/account/").json()
    assert account["balance_minutes"] == -45
    assert account["entries"][0]["minutes"] == -45
    login(client_a, people["owner"], town_a)
    assert client_a.get(f"{API}/account/").json()["balance_minutes"] == 45


@pytest.mark.parametrize("minutes", [0, -30, 20, "x", None])
def test_bad_transfer_minutes_are_refused(client_a, town_a, people, minutes):
    thread = ThreadFactory(
        listing=ListingFactory(owner=people["owner"]), interested=people["member"]
    )
    login(client_a, people["owner"], town_a)
    response = client_a.post(
        f"{API}/transfers/",
        {"thread": str(thread.public_id), "direction": "i_helped", "minutes": minutes},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "minutes" in response.json()["error"]["fields"]
    assert TimeTransfer.objects.count() == 0


def test_outsider_of_the_thread_cannot_propose_or_confirm(client_a, town_a, people):
    thread = ThreadFactory(
        listing=ListingFactory(owner=people["owner"]), interested=people["member"]
    )
    transfer = services.propose_transfer(
        proposer=people["owner"], payer=people["member"], payee=people["owner"], minutes=60
    )
    login(client_a, UserFactory(), town_a)
    response = client_a.post(
        f"{API}/transfers/",
        {"thread": str(thread.public_id), "direction": "i_helped", "minutes": 60},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client_a.post(f"{API}/transfers/{transfer.public_id}/confirm/").status_code == 404
    assert TimeTransfer.objects.count() == 1 and Entry.objects.count() == 0


def test_town_b_cannot_reach_town_a_objects(client_b, town_b, people):
    listing = ListingFactory(owner=people["owner"])
    thread = ThreadFactory(listing=listing, interested=people["member"])
    transfer = services.propose_transfer(
        proposer=people["owner"], payer=people["member"], payee=people["owner"], minutes=60
    )
    with tenant_context(town_b):
        outsider = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    login(client_b, outsider, town_b)
    assert client_b.get(f"{API}/listings/{listing.public_id}/").status_code == 404
    assert client_b.get(f"{API}/listings/").json()["results"] == []
    assert client_b.get(f"{API}/transfers/{transfer.public_id}/").status_code == 404
    for verb in ("confirm", "decline"):
        response = client_b.post(f"{API}/transfers/{transfer.public_id}/{verb}/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    response = client_b.post(
        f"{API}/transfers/",
        {"thread": str(thread.public_id), "direction": "i_helped", "minutes": 60},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client_b.get(f"{API}/account/").json()["balance_minutes"] == 0
    transfer.refresh_from_db()
    assert transfer.status == "proposed"
