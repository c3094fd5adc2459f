"""Hosts lead to their own town, unknown hosts to a plain 404, suspended towns to a 503."""

from __future__ import annotations

import pytest

from tenants import services
from tenants.models import Town

pytestmark = pytest.mark.django_db


def test_each_host_shows_its_own_town(client_a, client_b) -> None:
    # given two towns / when each home page is requested
    page_a = client_a.get("/")
    page_b = client_b.get("/")
    # then each shows its own name and not the other's
    assert page_a.status_code == 200 and page_b.status_code == 200
    assert "Alpha" in page_a.text and "Beta" not in page_a.text
    assert "Beta" in page_b.text and "Alpha" not in page_b.text


def test_unknown_host_is_a_plain_404(client_a) -> None:
    response = client_a.get("/", HTTP_HOST="nowhere.lq.test")
    assert response.status_code == 404
    assert "Alpha" not in response.text and "Beta" not in response.text


def test_template_schema_has_no_host(client_a) -> None:
    response = client_a.get("/", HTTP_HOST="template.lq.test")
    assert response.status_code == 404


def test_suspended_town_shows_503_and_reactivates(client_a, town_a: Town) -> None:
    services.suspend_town(town=town_a)
    try:
        response = client_a.get("/")
        assert response.status_code == 503
        assert response["Retry-After"]
        assert "Alpha" in response.text
    finally:
        services.reactivate_town(town=town_a)
    assert client_a.get("/").status_code == 200


def test_archived_town_is_gone(client_b, town_b: Town) -> None:
    services.archive_town(town=town_b)
    try:
        assert client_b.get("/").status_code == 404
    finally:
        Town.objects.filter(pk=town_b.pk).update(status=Town.Status.ACTIVE)
        from tenants.routing import forget_towns

        forget_towns()
    assert client_b.get("/").status_code == 200


def test_health_endpoints_answer_on_any_host(client_a) -> None:
    assert client_a.get("/healthz", HTTP_HOST="10.0.0.7").json() == {"status": "ok"}
    ready = client_a.get("/readyz", HTTP_HOST="10.0.0.7")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok" and ready.json()["redis"] == "ok"


@pytest.mark.parametrize(
    "spelling", ["ALPHA.LQ.TEST", "Alpha.lq.test", "alpha.lq.test.", "ALPHA.lq.test.:80"]
)
def test_host_names_are_matched_in_their_normal_form(client_a, spelling: str) -> None:
    # DNS names are case-insensitive and `name.` is the fully qualified `name`.
    response = client_a.get("/", HTTP_HOST=spelling)
    assert response.status_code == 200
    assert "Alpha" in response.text


def test_the_host_cache_keeps_one_entry_per_town(client_a) -> None:
    from tenants import routing

    for spelling in ["alpha.lq.test", "ALPHA.lq.test", "alpha.lq.test."]:
        assert client_a.get("/", HTTP_HOST=spelling).status_code == 200
    assert [host for host in routing._by_host if "alpha" in host.lower()] == ["alpha.lq.test"]


def test_two_trailing_dots_are_not_a_host(client_a) -> None:
    assert client_a.get("/", HTTP_HOST="alpha.lq.test..").status_code == 404
