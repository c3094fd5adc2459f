"""The German catalogue: German by default, English on request, German form errors."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _town_a_speaks_german(town_a) -> None:
    """The test towns speak English; here town A has the product's default, German."""
    from tenants.models import Town
    from tenants.routing import forget_towns

    Town.objects.filter(pk=town_a.pk).update(default_language="de")
    forget_towns()


def _no_language_chosen(client) -> None:
    """The town's default (German) applies only while no language cookie is set."""
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)


def test_home_page_is_german_by_default(client_a) -> None:
    _no_language_chosen(client_a)
    response = client_a.get("/")
    assert response.status_code == 200
    assert '<html lang="de">' in response.text
    assert "Anmelden" in response.text
    assert "Registrieren" in response.text
    assert "Log in" not in response.text


def test_choosing_english_switches_the_page_to_english(client_a) -> None:
    response = client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client_a.get("/")
    assert '<html lang="en">' in response.text
    assert "Log in" in response.text
    assert "Anmelden" not in response.text


def test_choosing_german_again_switches_back(client_a) -> None:
    client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client_a.post("/i18n/setlang/", {"language": "de", "next": "/"})
    response = client_a.get("/")
    assert '<html lang="de">' in response.text
    assert "Anmelden" in response.text


def test_registration_errors_are_german(client_a) -> None:
    _no_language_chosen(client_a)
    response = client_a.post(
        "/accounts/register/",
        {"full_name": "", "email": "kein-at-zeichen", "password": "x", "postcode": "123"},
    )
    assert response.status_code == 200
    text = response.text
    assert "Dieses Feld ist zwingend erforderlich." in text  # Django's own German
    assert "Eine Postleitzahl hat fünf Ziffern." in text  # our catalogue
    assert "Ihr Name" in text and "Passwort" in text
    assert "This field is required." not in text
    assert "A postcode has five digits." not in text


def test_translated_messages_keep_their_placeholders() -> None:
    from django.utils import translation

    with translation.override("de"):
        assert translation.gettext("Welcome to %(name)s") % {"name": "Alpha"} == (
            "Willkommen bei Alpha"
        )
        assert translation.ngettext("%(n)s account", "%(n)s accounts", 2) % {"n": 2} == "2 Konten"
