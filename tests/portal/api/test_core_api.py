"""The core town API (/api/v1/town/, /api/v1/me/), its isolation between towns, the one
error shape, the OpenAPI schemas and the operator API on the bare base domain."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token

from portal.accounts.models import User
from portal.api.base import TownListAPIView, TownViewSet
from tenants import services
from tenants.models import Town
from tests.conftest import TownClient
from tests.factories import PASSWORD, UserFactory
from tests.factories.two_factor import give_totp_device, pass_second_step

pytestmark = pytest.mark.django_db


def assert_error_shape(body: dict[str, Any], code: str) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["fields"], dict)


@pytest.fixture
def resident_a(town_a: Town) -> User:
    with tenant_context(town_a):
        user: User = UserFactory(email="rita@alpha.example", full_name="Rita Resident")
    return user


@pytest.fixture
def token_a(town_a: Town, resident_a: User) -> str:
    with tenant_context(town_a):
        return str(Token.objects.create(user=resident_a).key)


def test_town_endpoint_describes_each_town(client_a: TownClient, client_b: TownClient) -> None:
    a = client_a.get("/api/v1/town/")
    b = client_b.get("/api/v1/town/")
    assert a.status_code == 200 and b.status_code == 200
    assert a.json()["name"] == "Alpha" and a.json()["slug"] == "alpha"
    assert b.json()["name"] == "Beta" and b.json()["slug"] == "beta"
    assert a.json()["primary_colour"].startswith("#")


def test_me_needs_a_login(client_a: TownClient) -> None:
    response = client_a.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert_error_shape(response.json(), "not_authenticated")


def test_me_with_session(client_a: TownClient, town_a: Town, resident_a: User) -> None:
    with tenant_context(town_a):
        client_a.force_login(resident_a)
    response = client_a.get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "rita@alpha.example"
    assert body["id"] == str(resident_a.public_id)
    assert "password" not in body and "is_staff" not in body


def test_me_with_token(client_a: TownClient, token_a: str) -> None:
    response = client_a.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_a}")
    assert response.status_code == 200
    assert response.json()["email"] == "rita@alpha.example"


def test_town_a_token_is_refused_at_b(client_b: TownClient, token_a: str) -> None:
    # B's schema has no such token.
    response = client_b.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token_a}")
    assert response.status_code == 401
    assert_error_shape(response.json(), "authentication_failed")


def test_town_a_session_is_refused_at_b(
    client_a: TownClient, client_b: TownClient, town_a: Town, town_b: Town, resident_a: User
) -> None:
    # given a resident of A logged in at A, and a user with the same primary key at B
    with tenant_context(town_a):
        client_a.force_login(resident_a)
    with tenant_context(town_b):
        UserFactory(email="someone@beta.example")
    assert client_a.get("/api/v1/me/").status_code == 200
    # when A's session cookie is presented at B
    client_b.cookies["sessionid"] = client_a.cookies["sessionid"].value
    response = client_b.get("/api/v1/me/")
    # then B does not know it
    assert response.status_code == 401
    assert_error_shape(response.json(), "not_authenticated")


def test_a_made_up_token_is_refused_even_on_a_public_endpoint(client_a: TownClient) -> None:
    response = client_a.get("/api/v1/town/", HTTP_AUTHORIZATION="Token nonsense")
    assert response.status_code in {401, 403}
    assert_error_shape(response.json(), "authentication_failed")


def test_suspended_town_api_answers_503_json(client_a: TownClient, town_a: Town) -> None:
    services.suspend_town(town=town_a)
    response = client_a.get("/api/v1/town/")
    assert response.status_code == 503
    assert_error_shape(response.json(), "town_suspended")


def test_town_api_is_not_on_the_operator_host(public_client: TownClient) -> None:
    assert public_client.get("/api/v1/town/").status_code == 404
    assert public_client.get("/api/v1/me/").status_code == 404


@pytest.mark.parametrize("host", ["alpha.lq.test", "lq.test"])
def test_openapi_schema_is_valid_json(client_a: TownClient, host: str) -> None:
    response = client_a.get("/api/v1/schema/?format=json", HTTP_HOST=host)
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    if host == "lq.test":
        assert "/api/v1/towns/" in schema["paths"]
        assert "/api/v1/me/" not in schema["paths"]
    else:
        assert {"/api/v1/me/", "/api/v1/town/"} <= set(schema["paths"])
        assert "/api/v1/towns/" not in schema["paths"]


# --- the base classes ------------------------------------------------------------------------


def test_town_viewset_refuses_subclasses_that_override_get_queryset() -> None:
    with pytest.raises(TypeError, match="get_town_queryset"):

        class Leaky(TownViewSet):
            def get_queryset(self) -> QuerySet[User]:
                return User.objects.all()

    with pytest.raises(TypeError, match="dangerously_get_queryset"):

        class LeakyList(TownListAPIView):
            def get_queryset(self) -> QuerySet[User]:
                return User.objects.all()


def test_town_viewset_scopes_through_get_town_queryset() -> None:
    class People(TownViewSet):
        def get_town_queryset(self) -> QuerySet[User]:
            return User.objects.filter(is_active=True)

    class Escape(TownViewSet):
        def dangerously_get_queryset(self) -> QuerySet[User]:
            return User.objects.none()

    assert "is_active" in str(People().get_queryset().query)
    assert Escape().get_queryset().query.is_empty()


# --- the operator API ------------------------------------------------------------------------


@pytest.fixture
def operator_api(public_client: TownClient) -> TownClient:
    operator = User.objects.create_user("op@lq.example", PASSWORD, full_name="Op", is_staff=True)
    assert public_client.login(username="op@lq.example", password=PASSWORD)
    pass_second_step(public_client, give_totp_device(operator))
    return public_client


def test_operator_api_lists_towns(operator_api: TownClient) -> None:
    response = operator_api.get("/api/v1/towns/")
    assert response.status_code == 200
    slugs = {town["slug"] for town in response.json()}
    assert {"alpha", "beta"} <= slugs
    assert "template" not in slugs and "public" not in slugs


def test_operator_api_onboards_a_town(
    operator_api: TownClient, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_api.post(
            "/api/v1/towns/",
            {"slug": "gamma", "name": "Gamma", "admin_email": "chief@gamma.example"},
            content_type="application/json",
        )
    assert response.status_code == 201, response.json()
    assert response.json()["slug"] == "gamma" and response.json()["status"] == "active"
    assert "admin_email" not in response.json()
    assert Town.objects.filter(slug="gamma").exists()
    assert mailoutbox[0].to == ["chief@gamma.example"]


@pytest.mark.parametrize(
    ("slug", "words"), [("www", "reserved"), ("alpha", "already taken"), ("Bad_Slug", "lower-case")]
)
def test_operator_api_bad_slug_is_400_naming_the_problem(
    operator_api: TownClient, slug: str, words: str
) -> None:
    count = Town.objects.count()
    operator_api.cookies["django_language"] = "en"  # the operator site speaks German otherwise
    response = operator_api.post(
        "/api/v1/towns/",
        {"slug": slug, "name": "Gamma", "admin_email": "chief@gamma.example"},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert_error_shape(body, "invalid")
    assert words in body["error"]["message"] or words in str(body["error"]["fields"])
    assert Town.objects.count() == count


def test_operator_api_field_errors_are_listed(operator_api: TownClient) -> None:
    response = operator_api.post(
        "/api/v1/towns/", {"slug": "gamma", "admin_email": "nope"}, content_type="application/json"
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "name" in fields and "admin_email" in fields
