"""What the town API's schema says, checked directly (schemathesis checks behaviour)."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from portal.api.fields import TownDateTimeField
from tests.conftest import TownClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client_a: TownClient) -> dict[str, Any]:
    body: dict[str, Any] = client_a.get("/api/v1/schema/?format=json").json()
    return body


def _response_schema(schema: dict[str, Any], path: str, method: str, code: str) -> Any:
    return schema["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]


def test_public_reads_have_an_anonymous_option_and_writes_do_not(schema: dict[str, Any]) -> None:
    listings = schema["paths"]["/api/v1/exchange/listings/"]
    assert {} in listings["get"]["security"]
    assert {} not in listings["post"]["security"]
    assert {} not in schema["paths"]["/api/v1/exchange/account/"]["get"]["security"]


def test_every_operation_documents_its_errors_in_the_one_shape(schema: dict[str, Any]) -> None:
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"error"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "404"} <= set(operation["responses"]), (method, path)
            error = _response_schema(schema, path, method, "404")
            assert error == {"$ref": "#/components/schemas/Error"}


def test_lists_and_objects_are_documented_as_they_come(schema: dict[str, Any]) -> None:
    offerings = "/api/v1/directory/organisations/{slug}/offerings/"
    assert _response_schema(schema, offerings, "get", "200")["type"] == "array"
    assert "201" in schema["paths"][offerings]["post"]["responses"]
    account = _response_schema(schema, "/api/v1/exchange/account/", "get", "200")
    assert account == {"$ref": "#/components/schemas/TimeAccount"}


def test_text_fields_state_the_control_character_rule(schema: dict[str, Any]) -> None:
    title = schema["components"]["schemas"]["ListingRequest"]["properties"]["title"]
    assert "\\x00-\\x1f" in title["pattern"] and title["maxLength"] == 120


def test_old_datetimes_are_written_in_utc_not_local_mean_time() -> None:
    field = TownDateTimeField()
    with timezone.override(zoneinfo.ZoneInfo("Europe/Berlin")):
        old = field.to_representation(datetime(1850, 5, 1, 12, 0, tzinfo=UTC))
        modern = field.to_representation(datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
    assert old == "1850-05-01T12:00:00Z"
    assert modern == "2026-05-01T14:00:00+02:00"


@pytest.mark.parametrize("value", ["0044-03-15T12:00:00Z", "2201-01-01T00:00:00Z"])
def test_datetimes_outside_1900_to_2200_are_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        TownDateTimeField().to_internal_value(value)
