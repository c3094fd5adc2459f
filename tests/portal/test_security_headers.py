"""Every answer carries a strict Content-Security-Policy: town pages, the operator site, the API."""

from __future__ import annotations

import pytest

from tests.conftest import TownClient

pytestmark = pytest.mark.django_db

STRICT = [
    "default-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]


def directives(header: str) -> dict[str, str]:
    parts = [part.strip() for part in header.split(";") if part.strip()]
    return {part.split(" ", 1)[0]: part for part in parts}


def assert_strict(header: str) -> None:
    found = directives(header)
    for wanted in STRICT:
        name = wanted.split(" ", 1)[0]
        assert found.get(name) == wanted, f"{name}: {found.get(name)!r} in {header!r}"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/accounts/register/", "/info/", "/exchange/", "/nowhere/"]
)
def test_town_pages_carry_a_strict_policy(client_a: TownClient, path: str) -> None:
    response = client_a.get(path)
    assert response.status_code in {200, 302, 404}
    assert_strict(response["Content-Security-Policy"])


def test_the_town_colours_are_the_only_inline_style_and_carry_the_nonce(
    client_a: TownClient,
) -> None:
    response = client_a.get("/")
    style_src = directives(response["Content-Security-Policy"])["style-src"]
    nonce = style_src.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<style nonce="{nonce}">' in response.text
    assert response.text.count("<style") == 1 and " style=" not in response.text
    # a fresh nonce on every answer
    assert nonce not in client_a.get("/")["Content-Security-Policy"]


def test_town_api_carries_the_policy(client_a: TownClient) -> None:
    response = client_a.get("/api/v1/town/")
    assert response.status_code == 200
    assert_strict(response["Content-Security-Policy"])


def test_operator_site_and_api_carry_the_policy(public_client: TownClient) -> None:
    for path in ["/login/", "/api/v1/towns/"]:
        response = public_client.get(path)
        assert response.status_code in {200, 403}, path
        assert_strict(response["Content-Security-Policy"])


def test_unknown_hosts_and_bad_addresses_carry_the_policy(client_a: TownClient) -> None:
    unknown = client_a.get("/", HTTP_HOST="nowhere.lq.test")
    assert unknown.status_code == 404
    assert_strict(unknown["Content-Security-Policy"])
    assert "<style" not in unknown.text


def test_only_the_api_docs_page_loosens_the_policy(client_a: TownClient) -> None:
    response = client_a.get("/api/v1/docs/")
    assert response.status_code == 200
    found = directives(response["Content-Security-Policy"])
    assert "https://cdn.jsdelivr.net" in found["script-src"]
    assert found["frame-ancestors"] == "frame-ancestors 'none'"
