"""API: public reads, representatives write, one error shape, isolation between towns."""

from __future__ import annotations

import pytest

from modules.directory.models import Category, Offering, Organisation
from tests.factories.directory import OfferingFactory, OrganisationFactory
from tests.queries import assert_constant_queries

BASE = "/api/v1/directory"
NEW = {
    "name": "Tafel Weil der Stadt",
    "kind": "initiative",
    "description": "Lebensmittel für Menschen mit wenig Geld.",
    "categories": ["social"],
}


def test_list_is_public_and_shows_only_approved(client_a, cafe):
    OrganisationFactory(name="Wartet", status=Organisation.Status.PENDING)
    data = client_a.get(f"{BASE}/organisations/").json()
    assert [o["name"] for o in data["results"]] == ["Repair-Café Merklingen"]
    assert data["results"][0]["offerings"][0]["title"] == "Reparaturtreff"
    assert "search_text" not in data["results"][0]


def test_search_with_highlight_and_category(client_a, cafe):
    OrganisationFactory(name="Sportverein", categories=[Category.SPORT])
    data = client_a.get(f"{BASE}/organisations/", {"q": "Repaircafe"}).json()
    assert [o["slug"] for o in data["results"]] == ["repair-cafe"]
    assert data["results"][0]["rank"] > 0
    data = client_a.get(f"{BASE}/organisations/", {"q": "Elektrogeräte"}).json()
    assert "<mark>Elektrogeräte</mark>" in data["results"][0]["headline"]
    data = client_a.get(f"{BASE}/organisations/", {"category": "sport"}).json()
    assert [o["name"] for o in data["results"]] == ["Sportverein"]


@pytest.mark.parametrize(
    ("path", "params"),
    [("organisations/", {}), ("organisations/", {"q": "Chor"}), ("offerings/", {})],
)
def test_list_endpoint_queries_do_not_grow(client_a, in_town_a, path, params):
    def grow(n: int) -> None:
        for _ in range(n):
            org = OrganisationFactory(name=f"Chor {Organisation.objects.count()}")
            OfferingFactory(organisation=org)
            OfferingFactory(organisation=org)

    assert_constant_queries(lambda: client_a.get(f"{BASE}/{path}", params), grow=grow)


def test_detail_of_pending_organisation_only_for_representatives(client_a, cafe, owner, member):
    Organisation.objects.filter(pk=cafe.pk).update(status=Organisation.Status.PENDING)
    response = client_a.get(f"{BASE}/organisations/repair-cafe/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found.", "fields": {}}
    }
    client_a.force_login(member)
    assert client_a.get(f"{BASE}/organisations/repair-cafe/").status_code == 404
    client_a.force_login(owner)
    assert client_a.get(f"{BASE}/organisations/repair-cafe/").json()["status"] == "pending"


def test_create_needs_a_participating_user(client_a, member, unverified):
    assert client_a.post(
        f"{BASE}/organisations/", NEW, content_type="application/json"
    ).status_code in (401, 403)
    client_a.force_login(unverified)
    assert (
        client_a.post(f"{BASE}/organisations/", NEW, content_type="application/json").status_code
        == 403
    )
    assert Organisation.objects.count() == 0
    client_a.force_login(member)
    response = client_a.post(f"{BASE}/organisations/", NEW, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert Organisation.objects.get().created_by == member


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**NEW, "name": ""}, "name"),
        ({**NEW, "name": "x" * 121}, "name"),
        ({**NEW, "description": "x" * 4001}, "description"),
        ({**NEW, "kind": 5}, "kind"),
        ({**NEW, "categories": "social"}, "categories"),
        ({**NEW, "categories": ["mars"]}, "categories"),
        ({**NEW, "website": "javascript:alert(1)"}, "website"),
        ({**NEW, "name": ["a"]}, "name"),
    ],
)
def test_create_refuses_bad_input_with_one_error_shape(client_a, member, payload, field):
    client_a.force_login(member)
    response = client_a.post(f"{BASE}/organisations/", payload, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]
    assert Organisation.objects.count() == 0


def test_markup_comes_back_as_plain_text(client_a, member):
    client_a.force_login(member)
    payload = {**NEW, "name": "<script>alert(1)</script>"}
    data = client_a.post(f"{BASE}/organisations/", payload, content_type="application/json").json()
    assert data["name"] == "<script>alert(1)</script>"  # JSON is data, not HTML


def test_representative_patches_member_cannot(client_a, cafe, owner, member):
    url = f"{BASE}/organisations/repair-cafe/"
    client_a.force_login(member)
    response = client_a.patch(url, {"phone": "0815"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    client_a.force_login(owner)
    response = client_a.patch(url, {"phone": "0815"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["phone"] == "0815"
    response = client_a.patch(
        url, {"status": "approved", "name": ""}, content_type="application/json"
    )
    assert response.status_code == 400
    cafe.refresh_from_db()
    assert cafe.phone == "0815" and cafe.changes.count() == 1


def test_offerings_endpoints(client_a, cafe, owner, member):
    url = f"{BASE}/organisations/repair-cafe/offerings/"
    assert [o["title"] for o in client_a.get(url).json()] == ["Reparaturtreff"]
    client_a.force_login(member)
    assert client_a.post(url, {"title": "X"}, content_type="application/json").status_code == 403
    client_a.force_login(owner)
    assert client_a.post(url, {"title": ""}, content_type="application/json").status_code == 400
    created = client_a.post(url, {"title": "Nähtreff"}, content_type="application/json")
    assert created.status_code == 201
    offering_url = f"{BASE}/offerings/{created.json()['id']}/"
    client_a.force_login(member)
    assert client_a.delete(offering_url).status_code == 403
    assert (
        client_a.patch(offering_url, {"title": "Y"}, content_type="application/json").status_code
        == 403
    )
    client_a.force_login(owner)
    assert (
        client_a.patch(offering_url, {"title": "Nähcafé"}, content_type="application/json").json()[
            "title"
        ]
        == "Nähcafé"
    )
    assert client_a.delete(offering_url).status_code == 204
    assert list(cafe.offerings.values_list("title", flat=True)) == ["Reparaturtreff"]


def test_town_b_cannot_see_or_change_town_a(outsider_client, cafe):
    offering = Offering.objects.get(organisation=cafe)
    org_url = f"{BASE}/organisations/repair-cafe/"
    off_url = f"{BASE}/offerings/{offering.public_id}/"
    assert outsider_client.get(org_url).status_code == 404
    assert (
        outsider_client.patch(org_url, {"phone": "1"}, content_type="application/json").status_code
        == 404
    )
    assert outsider_client.get(org_url + "offerings/").status_code == 404
    assert (
        outsider_client.post(
            org_url + "offerings/", {"title": "X"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert outsider_client.get(off_url).status_code == 404
    assert outsider_client.delete(off_url).status_code == 404
    assert outsider_client.get(f"{BASE}/organisations/", {"q": "Repair"}).json()["results"] == []
    assert outsider_client.get(f"{BASE}/offerings/").json()["results"] == []
    cafe.refresh_from_db()
    assert cafe.phone == "" and cafe.offerings.count() == 1


def test_api_is_404_when_the_directory_is_off(client_a, cafe, directory_off):
    assert client_a.get(f"{BASE}/organisations/").status_code == 404
    assert client_a.get(f"{BASE}/offerings/").status_code == 404


def test_openapi_schema_lists_the_directory(client_a, in_town_a):
    response = client_a.get("/api/v1/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/directory/organisations/" in body
    assert "/api/v1/directory/offerings/{public_id}/" in body
