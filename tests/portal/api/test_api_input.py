"""Bad bodies at the API's door: deep JSON nesting, control characters, far-off dates."""

from __future__ import annotations

import json

import pytest
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token

from modules.exchange.models import Listing
from portal.api.parsers import json_depth_exceeds
from tenants.models import Town
from tests.conftest import TownClient
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_token(town_a: Town) -> str:
    with tenant_context(town_a):
        return str(Token.objects.create(user=UserFactory()).key)


def _post(client: TownClient, token: str, path: str, body: str) -> object:
    return client.post(
        path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )


def test_deeply_nested_json_is_a_400_not_a_500(client_a: TownClient, resident_token: str) -> None:
    # Before the depth-limited parser, json.loads raised RecursionError: a 500.
    response = _post(client_a, resident_token, "/api/v1/exchange/listings/", "[" * 50_000)
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "parse_error"
    assert "32" in body["error"]["message"]


def test_nesting_within_the_limit_still_parses(client_a: TownClient, resident_token: str) -> None:
    nested = json.dumps({"title": "Leiter", "kind": "give", "type": "item", "x": [[[[1]]]]})
    response = _post(client_a, resident_token, "/api/v1/exchange/listings/", nested)
    assert response.status_code == 201


def test_depth_scan_ignores_brackets_in_strings() -> None:
    assert not json_depth_exceeds(json.dumps({"t": "[" * 100}).encode())
    assert json_depth_exceeds(b"[" * 33)
    assert not json_depth_exceeds(b"[" * 32 + b"]" * 32)
    assert not json_depth_exceeds(json.dumps({"t": '\\"[[[' * 40}).encode())


@pytest.mark.parametrize(
    "title", ["Bell\u0007", "Null\x00", "Esc\x1b[31m", "C1\x85inside", "\x1d", "\u200b\u200f"]
)
def test_listing_title_with_control_or_only_invisible_characters_is_refused(
    client_a: TownClient, resident_token: str, town_a: Town, title: str
) -> None:
    body = json.dumps({"title": title, "kind": "give", "type": "item"})
    response = _post(client_a, resident_token, "/api/v1/exchange/listings/", body)
    assert response.status_code == 400
    assert "title" in response.json()["error"]["fields"]
    with tenant_context(town_a):
        assert not Listing.objects.exists()


def test_a_control_character_in_a_field_that_may_be_blank_is_refused(
    client_a: TownClient, resident_token: str, town_a: Town
) -> None:
    # DRF turns white-space-only text into "" before any field check, and Python counts
    # \x1d as white space: the check must come first.
    body = json.dumps({"title": "Leiter", "kind": "give", "type": "item", "description": "\x1d"})
    response = _post(client_a, resident_token, "/api/v1/exchange/listings/", body)
    assert response.status_code == 400
    assert "description" in response.json()["error"]["fields"]
    with tenant_context(town_a):
        assert not Listing.objects.exists()


def test_strict_text_fields_refuse_lone_surrogates() -> None:
    # a JSON "\ud800" escape decodes to a lone surrogate, which the database driver cannot
    # encode: refused at the field with a message, never a 500 further down
    from rest_framework.exceptions import ValidationError as DRFValidationError

    from portal.api.fields import StrictCharField, StrictRegexField

    for field in (StrictCharField(), StrictRegexField(r"^.*$")):
        with pytest.raises(DRFValidationError):
            field.run_validation("Bad \ud800 text")
        assert field.run_validation("Gute Nachricht 🙂") == "Gute Nachricht 🙂"
