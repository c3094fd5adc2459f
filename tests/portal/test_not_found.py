"""404s: a town's page in its own look, the API in its JSON shape, never another town."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_page_on_a_town_host_is_a_branded_404(client_a) -> None:
    response = client_a.get("/does-not-exist/")
    assert response.status_code == 404
    assert "Alpha" in response.text and "Beta" not in response.text


def test_unknown_api_path_answers_json(client_a) -> None:
    response = client_a.get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found.", "fields": {}}
    }


def test_unknown_page_on_the_operator_host_is_plain(public_client) -> None:
    response = public_client.get("/does-not-exist/")
    assert response.status_code == 404
    assert "Alpha" not in response.text
