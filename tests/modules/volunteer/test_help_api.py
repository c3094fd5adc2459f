"""The help API under /api/v1/volunteer/: public services (with the shared search), the
resident's requests (a refusal by the rules is a 400 naming the rule), the helper's list
and steps; what a caller sees decided as on the page; isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from modules.volunteer.models import DemandEvent, HelpRequest, RequestStatus, Service
from modules.volunteer.services.requests import send_request
from tests.factories import UserFactory

from .conftest import fields, soon

pytestmark = pytest.mark.django_db
API = "/api/v1/volunteer"


def post(client: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def test_services_are_public_searchable_and_filterable(client_a, service, narrow) -> None:
    Service.objects.filter(pk=service.pk).update(is_hidden=False)
    data = client_a.get(f"{API}/services/").json()
    assert {item["slug"] for item in data["results"]} == {"einkaufshilfe", "notfall"}
    only = client_a.get(f"{API}/services/?kind=shopping").json()
    assert [item["slug"] for item in only["results"]] == ["notfall"]
    detail = client_a.get(f"{API}/services/notfall/").json()
    assert detail["rules"] == ["district", "min_age", "situation"]
    assert detail["eligible_districts"] == ["Nord"]
    bad = client_a.get(f"{API}/services/?kind=nonsense")
    assert bad.status_code == 400 and set(bad.json()["error"]) == {"code", "message", "fields"}


def test_another_town_does_not_see_the_services(client_b, service) -> None:
    assert client_b.get(f"{API}/services/einkaufshilfe/").status_code == 404
    assert client_b.get(f"{API}/services/").json()["results"] == []


def test_a_resident_creates_a_request(client_a, narrow, resident) -> None:
    client_a.force_login(resident)
    response = post(
        client_a,
        f"{API}/requests/",
        {
            "service": "notfall",
            "needed_on": soon().isoformat(),
            "details": "Brot",
            "address": "Marktstraße 3",
            "district": "Nord",
            "birth_date": "1950-05-01",
            "confirms_situation": True,
            "statement": "Bein gebrochen",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "open" and response.json()["address"] == "Marktstraße 3"
    assert [item["id"] for item in client_a.get(f"{API}/requests/").json()["results"]] == [
        response.json()["id"]
    ]


def test_a_refusal_is_a_400_naming_the_rule(client_a, narrow, resident) -> None:
    client_a.force_login(resident)
    response = post(
        client_a,
        f"{API}/requests/",
        {
            "service": "notfall",
            "needed_on": soon().isoformat(),
            "details": "Brot",
            "address": "Marktstraße 3",
            "district": "Süd",
            "birth_date": "1950-05-01",
            "confirms_situation": True,
            "statement": "Bein gebrochen",
        },
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert "only for people living in Nord" in " ".join(error["fields"]["eligibility"])
    assert not HelpRequest.objects.exists()
    assert DemandEvent.objects.filter(step="refused", rule="district").count() == 1


def test_bad_input_is_a_400_without_change(client_a, service, resident) -> None:
    client_a.force_login(resident)
    response = post(
        client_a,
        f"{API}/requests/",
        {"service": "einkaufshilfe", "needed_on": "2020-01-01", "details": "", "address": 3},
    )
    assert response.status_code == 400
    assert not HelpRequest.objects.exists()


def test_the_helper_lists_accepts_and_finishes(client_a, service, resident, helper) -> None:
    request = send_request(service=service, by=resident, fields=fields())
    client_a.force_login(helper)
    listed = client_a.get(f"{API}/requests/helping/").json()
    assert [item["id"] for item in listed] == [str(request.public_id)]
    assert listed[0]["address"] == "" and listed[0]["phone"] == ""
    accepted = post(client_a, f"{API}/requests/{request.public_id}/accept/")
    assert accepted.status_code == 200 and accepted.json()["address"] == "Marktstraße 3"
    again = post(client_a, f"{API}/requests/{request.public_id}/accept/")
    assert again.status_code == 400
    bad = post(client_a, f"{API}/requests/{request.public_id}/done/", {"hours": "30"})
    assert bad.status_code == 400
    done = post(client_a, f"{API}/requests/{request.public_id}/done/", {"hours": "2.5"})
    assert done.json()["status"] == RequestStatus.DONE and done.json()["hours"] == "2.50"


def test_the_resident_cancels_and_an_outsider_gets_a_404(
    client_a, service, resident, outsider
) -> None:
    request = send_request(service=service, by=resident, fields=fields())
    client_a.force_login(outsider)
    assert client_a.get(f"{API}/requests/{request.public_id}/").status_code == 404
    assert post(client_a, f"{API}/requests/{request.public_id}/cancel/").status_code == 404
    client_a.force_login(resident)
    response = post(
        client_a, f"{API}/requests/{request.public_id}/cancel/", {"reason": "Doch nicht"}
    )
    assert response.json()["status"] == "cancelled"


def test_requests_need_a_login(client_a, service) -> None:
    assert client_a.get(f"{API}/requests/").status_code == 401


def test_another_towns_person_gets_a_404(client_b, town_b, service, resident) -> None:
    request = send_request(service=service, by=resident, fields=fields())
    with tenant_context(town_b):
        client_b.force_login(UserFactory(email="beta@example.org"))
    assert client_b.get(f"{API}/requests/{request.public_id}/").status_code == 404


def test_the_helpers_list_keeps_a_constant_number_of_queries(
    client_a, service, helper, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client_a.force_login(helper)
    send_request(service=service, by=UserFactory(), fields=fields())
    with CaptureQueriesContext(connection) as few:
        assert len(client_a.get(f"{API}/requests/helping/").json()) == 1
    for _ in range(6):
        send_request(service=service, by=UserFactory(), fields=fields())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client_a.get(f"{API}/requests/helping/").json()) == 7
