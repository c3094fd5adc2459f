"""Slugs, postcodes and districts: one rule on the operator form, the operator API, the
console and the services. Regression tests for the attacker's review (issue 6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from portal.accounts.models import User
from portal.operators.services import provision_town
from tenants.lists import is_postcode, parse_districts
from tenants.models import Town
from tests.conftest import TownClient
from tests.factories import PASSWORD, UserFactory
from tests.factories.two_factor import give_totp_device, pass_second_step

pytestmark = pytest.mark.django_db

KELVIN = "\u212a"  # "K", lower-cases to an ASCII "k"
ARABIC_INDIC = "\u0667\u0661\u0662\u0666\u0663"  # "71263" in Arabic-Indic digits


@pytest.fixture
def operator_client(public_client: TownClient) -> TownClient:
    operator = User.objects.create_user("op@lq.example", PASSWORD, full_name="Op", is_staff=True)
    device = give_totp_device(operator)  # operators log in with a second step
    assert public_client.login(username="op@lq.example", password=PASSWORD)
    pass_second_step(public_client, device)
    public_client.cookies["django_language"] = "en"
    return public_client


def _api_post(client: TownClient, **fields: object):  # type: ignore[no-untyped-def]
    body = {"slug": "gamma", "name": "Gamma", "admin_email": "chief@gamma.example", **fields}
    return client.post("/api/v1/towns/", body, content_type="application/json")


# --- slugs ---


@pytest.mark.parametrize("typed", [f"{KELVIN}arlsruhe", f"{KELVIN}{KELVIN}", "\u0130stanbul"])
def test_the_service_refuses_non_ascii_slugs_instead_of_folding_them(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        provision_town(slug=typed, name="X", admin_email="x@example.org")
    assert refused.value.code == "not_dns_safe"
    assert not Town.objects.filter(slug__in=["karlsruhe", "kk", "istanbul"]).exists()


def test_the_operator_form_refuses_the_kelvin_sign(operator_client: TownClient) -> None:
    count = Town.objects.count()
    response = operator_client.post(
        "/towns/new/",
        {
            "name": "Kk",
            "slug": f"{KELVIN}{KELVIN}",
            "admin_email": "chief@kk.example",
            "default_language": "de",
            "residency_policy": "open",
        },
    )
    assert response.status_code == 200
    assert "contains other characters" in response.text
    assert Town.objects.count() == count


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        (123, "must be text"),
        (True, "must be text"),
        (["gamma"], "must be text"),
        ("a" * 41, "40"),
        ("a" * 60, "40"),
        (f"{KELVIN}{KELVIN}", "other characters"),
    ],
)
def test_the_operator_api_takes_the_services_slug_rule(
    operator_client: TownClient, slug: object, words: str
) -> None:
    count = Town.objects.count()
    response = _api_post(operator_client, slug=slug)
    assert response.status_code == 400
    assert words in str(response.json()["error"])
    assert Town.objects.count() == count


# --- postcodes ---


def test_postcodes_are_five_ascii_digits() -> None:
    assert is_postcode("71263")
    for bad in [ARABIC_INDIC, "７１２６３", "7126", "712634", "71263\n"]:
        assert not is_postcode(bad), bad


def test_the_operator_api_refuses_non_ascii_postcodes(operator_client: TownClient) -> None:
    for postcodes in ([ARABIC_INDIC], [71263]):
        response = _api_post(operator_client, postcodes=postcodes)
        assert response.status_code == 400, postcodes
        assert "postcodes" in response.json()["error"]["fields"]
    assert not Town.objects.filter(slug="gamma").exists()


def test_the_operator_form_refuses_non_ascii_postcodes(operator_client: TownClient) -> None:
    response = operator_client.post(
        "/towns/new/",
        {
            "name": "Gamma",
            "slug": "gamma",
            "admin_email": "chief@gamma.example",
            "postcodes": ARABIC_INDIC,
            "default_language": "de",
            "residency_policy": "open",
        },
    )
    assert response.status_code == 200
    assert "not five-digit postcodes" in response.text
    assert not Town.objects.filter(slug="gamma").exists()


def test_the_console_and_registration_refuse_non_ascii_postcodes(
    client_a: TownClient, town_a: Town, in_town_a: Town
) -> None:
    from portal.accounts.models import Role

    client_a.cookies["django_language"] = "en"
    client_a.force_login(UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN]))
    response = client_a.post(
        "/manage/residency/", {"policy": "postcode", "postcodes": ARABIC_INDIC, "districts": ""}
    )
    assert response.status_code == 200
    assert "is not a postcode" in response.text
    assert Town.objects.get(pk=town_a.pk).postcodes == ["71263"]
    client_a.logout()
    users = User.objects.count()
    response = client_a.post(
        "/accounts/register/",
        {
            "full_name": "Erika Haug",
            "email": "erika@example.org",
            "password": "Lindenbaum-am-Brunnen-7",
            "postcode": ARABIC_INDIC,
        },
    )
    assert response.status_code == 200
    assert "A postcode has five digits." in response.text
    assert User.objects.count() == users


# --- districts ---


def test_one_district_parser_for_commas_and_new_lines() -> None:
    assert parse_districts("Altstadt, Seeufer\nBerg\r\n, ,Tal") == [
        "Altstadt",
        "Seeufer",
        "Berg",
        "Tal",
    ]


def test_the_console_splits_districts_on_commas_too(
    client_a: TownClient, town_a: Town, in_town_a: Town
) -> None:
    from portal.accounts.models import Role

    client_a.force_login(UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN]))
    response = client_a.post(
        "/manage/residency/",
        {"policy": "open", "postcodes": "71263", "districts": "Altstadt, Seeufer\nBerg"},
    )
    assert response.status_code == 302
    assert Town.objects.get(pk=town_a.pk).districts == ["Altstadt", "Seeufer", "Berg"]
