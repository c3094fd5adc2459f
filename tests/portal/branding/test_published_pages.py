"""The pages a town must publish: written in the console, shown escaped, linked in the
footer; registration stays closed without a privacy statement."""

from __future__ import annotations

import pytest

from portal.accounts.models import AuditEntry, User
from portal.branding.legal import missing_pages
from portal.branding.models import Branding, TownPages
from portal.branding.selectors import current_branding

pytestmark = pytest.mark.django_db

PAGES = {
    "imprint": "Stadt Alphaburg, vertreten durch die Bürgermeisterin.",
    "privacy": "Wir speichern nur, was nötig ist.\n\nZweiter Absatz.",
    "accessibility_conformity": "partial",
    "accessibility_limitations": "Alte PDF-Dateien sind nicht barrierefrei.",
    "accessibility_feedback_contact": "barrierefrei@alphaburg.example",
    "accessibility_enforcement": "",
    "accessibility_prepared_on": "2026-11-01",
    "help_intro": "Wir helfen gern.",
    "town_hall_phone": "07033 5210",
    "network_manager_name": "Nina Netzwerk",
    "network_manager_phone": "07033 5211",
    "network_manager_email": "nina@alphaburg.example",
    "office_hours": "Dienstag 9 bis 12 Uhr",
    "easy_language": "Das ist unser Portal.\n\nHier finden Sie Hilfe.",
}

REGISTRATION = {
    "email": "neu@example.org",
    "full_name": "Nora Neu",
    "password": "a-long-enough-passphrase",
    "postcode": "71263",
    "district": "Nord",
}


def test_the_administrator_writes_every_page_and_they_show(admin_a, client_a) -> None:
    # given an administrator in the console
    client_a.force_login(admin_a)
    # when they save the pages
    response = client_a.post("/manage/pages/", PAGES)
    # then every page shows its text, and the change is audited without the text
    assert response.status_code == 302
    assert "vertreten durch die Bürgermeisterin" in client_a.get("/imprint/").content.decode()
    privacy = client_a.get("/privacy/").content.decode()
    assert (
        "<p>Wir speichern nur, was nötig ist.</p>" in privacy
        and "<p>Zweiter Absatz.</p>" in privacy
    )
    statement = client_a.get("/accessibility/").content.decode()
    assert "partially compliant" in statement and "Alte PDF-Dateien" in statement
    assert "barrierefrei@alphaburg.example" in statement and "Schlichtungsstelle" in statement
    help_page = client_a.get("/help/").content.decode()
    assert 'href="tel:+4970335210"' in help_page and "Nina Netzwerk" in help_page
    assert 'href="tel:+4970335211"' in help_page  # the shared tel_link, both numbers
    assert "Dienstag 9 bis 12 Uhr" in help_page
    assert "Hier finden Sie Hilfe." in client_a.get("/easy-language/").content.decode()
    entry = AuditEntry.objects.get(action="published_pages_changed")
    assert entry.actor == admin_a and "privacy" in entry.detail["fields"]
    assert "Bürgermeisterin" not in str(entry.detail)


def test_markup_in_a_page_is_shown_as_text(admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    client_a.post("/manage/pages/", {**PAGES, "help_intro": "<script>alert(1)</script>"})
    html = client_a.get("/help/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("town_hall_phone", "call me", "digits"),
        ("network_manager_email", "not-an-address", "valid e-mail"),
        ("accessibility_conformity", "perfect", "valid choice"),
        ("privacy", "bad\x00text", "not allowed"),
    ],
)
def test_bad_pages_are_refused_with_a_message_and_nothing_stored(
    admin_a, client_a, field: str, value: str, message: str
) -> None:
    client_a.force_login(admin_a)
    before = current_branding().privacy
    response = client_a.post("/manage/pages/", {**PAGES, field: value})
    assert response.status_code == 200 and message in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()  # the shared error summary
    assert current_branding().privacy == before
    assert not TownPages.objects.filter(network_manager_name="Nina Netzwerk").exists()
    assert not AuditEntry.objects.filter(action="published_pages_changed").exists()


def test_the_easy_language_page_has_a_default_text(client_a, in_town_a) -> None:
    TownPages.objects.update(easy_language="")
    html = client_a.get("/easy-language/").content.decode()
    assert "This is the portal of" in html and "You can register for free." in html


def test_the_footer_links_every_published_page(client_a) -> None:
    html = client_a.get("/").content.decode()
    for path in ["/imprint/", "/privacy/", "/accessibility/", "/help/", "/easy-language/"]:
        assert f'href="{path}"' in html


def test_registration_is_closed_without_a_privacy_statement(client_a, in_town_a) -> None:
    # given a town without a privacy statement
    Branding.objects.update(privacy="")
    # when a visitor opens and submits the registration
    page = client_a.get("/accounts/register/").content.decode()
    response = client_a.post("/accounts/register/", REGISTRATION)
    # then they read why it is closed, and no account is made
    assert "not yet published its privacy statement" in page
    assert 'name="password"' not in page
    assert "not yet published its privacy statement" in response.content.decode()
    assert not User.objects.filter(email="neu@example.org").exists()


def test_registration_opens_with_a_privacy_statement(client_a, in_town_a) -> None:
    response = client_a.post("/accounts/register/", REGISTRATION)
    assert response.status_code == 302
    assert User.objects.filter(email="neu@example.org").exists()


def test_the_service_refuses_registration_without_a_privacy_statement(in_town_a) -> None:
    from django.core.exceptions import ValidationError

    from portal.accounts.services import register_resident

    Branding.objects.update(privacy="")
    with pytest.raises(ValidationError, match="privacy statement"):
        register_resident(**REGISTRATION)
    assert not User.objects.filter(email="neu@example.org").exists()


def test_the_console_warns_the_administrator_of_missing_pages(admin_a, client_a) -> None:
    # given a town without privacy statement and help page
    Branding.objects.update(privacy="", imprint="Stadt Alpha")
    TownPages.objects.update(town_hall_phone="")
    client_a.force_login(admin_a)
    # when the administrator opens the console
    html = client_a.get("/manage/").content.decode()
    # then the warning names both pages and why registration is closed
    assert "Pages the town still has to publish" in html
    assert "Registration stays closed" in html and "Help" in html
    assert [page.url_name for page in missing_pages()] == ["privacy", "help"]


def test_a_new_town_starts_without_a_privacy_statement(in_town_b) -> None:
    from portal.branding.services import create_default_branding

    Branding.objects.all().delete()
    branding = create_default_branding(town_name="Neustadt")
    assert branding.privacy == "" and "privacy" in [p.url_name for p in missing_pages()]


def test_pages_of_town_a_do_not_show_in_town_b(admin_a, client_a, client_b) -> None:
    client_a.force_login(admin_a)
    client_a.post("/manage/pages/", PAGES)
    assert "Nina Netzwerk" not in client_b.get("/help/").content.decode()


def test_the_demo_towns_pages_open_registration(in_town_a) -> None:
    from portal.branding.legal import has_privacy_statement
    from portal.branding.legal_services import write_demo_pages

    # given a town without its pages
    Branding.objects.update(privacy="")
    TownPages.objects.all().delete()
    # when the demo loader writes them
    write_demo_pages(town_name="Alpha", domain="alpha.example")
    # then registration is open and the statement and help page are there
    assert has_privacy_statement()
    missing = [page.url_name for page in missing_pages()]
    assert not {"privacy", "accessibility", "help"} & set(missing)


def test_the_registration_form_links_the_privacy_statement(client_a) -> None:
    html = client_a.get("/accounts/register/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'name="password"' in main and 'href="/privacy/"' in main


def test_the_default_easy_language_text_is_in_leichte_sprache(client_a, in_town_a) -> None:
    from django.conf import settings

    TownPages.objects.update(easy_language="")
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    html = client_a.get("/easy-language/").content.decode()
    assert "Das ist das Portal von" in html and "Das Konto kostet nichts." in html
    assert 'href="/help/"' in html
