"""The branding set in the console shows on every page and in every e-mail of the town."""

from __future__ import annotations

import pytest
from django.core import mail

from portal.accounts.models import AuditEntry
from portal.branding.selectors import current_branding
from tests.factories import UserFactory
from tests.factories.branding import png_bytes, upload

pytestmark = pytest.mark.django_db

NEW_LOOK = {
    "display_name": "Alphaburg",
    "tagline": "Gemeinsam in Alphaburg",
    "primary_colour": "#0b3d2e",
    "primary_colour_picker": "#1f4e79",
    "accent_colour": "#6a1b9a",
    "accent_colour_picker": "#8a3b12",
    "contact_email": "rathaus@alphaburg.example",
    "contact_phone": "07033 123",
    "contact_address": "Marktplatz 1\n71263 Alphaburg",
}


def test_branding_is_saved_and_audited(admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    response = client_a.post("/manage/branding/", NEW_LOOK)
    assert response.status_code == 302
    branding = current_branding()
    assert (branding.display_name, branding.primary_colour, branding.accent_colour) == (
        "Alphaburg",
        "#0b3d2e",
        "#6a1b9a",
    )
    entry = AuditEntry.objects.get(action="branding_changed")
    assert entry.actor == admin_a and "primary_colour" in entry.detail["fields"]


def test_branding_shows_on_the_home_page(media, admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    client_a.post("/manage/branding/", {**NEW_LOOK, "logo": upload(png_bytes())})
    client_a.logout()
    html = client_a.get("/").content.decode()
    assert "Alphaburg" in html and "Gemeinsam in Alphaburg" in html
    assert "--primary: #0b3d2e" in html and "--accent: #6a1b9a" in html
    assert f'src="{current_branding().logo.url}"' in html
    assert "rathaus@alphaburg.example" in html
    assert "Marktplatz 1" in client_a.get("/imprint/").content.decode()


def test_branding_of_a_does_not_show_at_b(admin_a, client_a, client_b) -> None:
    client_a.force_login(admin_a)
    client_a.post("/manage/branding/", NEW_LOOK)
    html = client_b.get("/").content.decode()
    assert "Alphaburg" not in html and "#0b3d2e" not in html


def test_branding_shows_in_e_mails(
    media, admin_a, client_a, in_town_a, django_capture_on_commit_callbacks
) -> None:
    # given the new look with a logo
    client_a.force_login(admin_a)
    client_a.post("/manage/branding/", {**NEW_LOOK, "logo": upload(png_bytes())})
    pending = UserFactory(pending=True, email="paula@example.org")
    # when an e-mail of the town goes out
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(f"/manage/approvals/{pending.public_id}/approve/")
    # then its sender, subject, colours and footer are the town's
    message = mail.outbox[0]
    assert "Alphaburg" in message.from_email and "Alphaburg" in message.subject
    assert message.reply_to == ["rathaus@alphaburg.example"]
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "background:#0b3d2e" in html and "Alphaburg" in html
    assert f'src="http://alpha.lq.test{current_branding().logo.url}"' in html
    assert "rathaus@alphaburg.example" in str(message.body)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("primary_colour", "#777777", "4.5:1"),
        ("accent_colour", "#ffcc00", "4.5:1"),
        ("primary_colour", "blue", "six hex digits"),
        ("display_name", "   ", "name of the portal"),
        ("contact_email", "not-an-address", "e-mail"),
        ("tagline", "x" * 201, "200"),
    ],
)
def test_bad_branding_is_refused_with_a_message_and_nothing_stored(
    admin_a, client_a, field: str, value: str, message: str
) -> None:
    client_a.force_login(admin_a)
    before = current_branding()
    response = client_a.post("/manage/branding/", {**NEW_LOOK, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    after = current_branding()
    assert (after.display_name, after.primary_colour, after.updated_at) == (
        before.display_name,
        before.primary_colour,
        before.updated_at,
    )
    assert not AuditEntry.objects.exists()


def test_contrast_message_is_next_to_its_field(admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    html = client_a.post(
        "/manage/branding/", {**NEW_LOOK, "primary_colour": "#777777"}
    ).content.decode()
    error_list = html.split('id="id_primary_colour_error"', 1)[1].split("</ul>", 1)[0]
    assert "#777777" in error_list and "4.5" in error_list
    # and the text box points screen readers to the rule and the reason
    text_box = html.split('name="primary_colour"', 1)[1].split(">", 1)[0]
    assert 'aria-describedby="id_primary_colour_helptext id_primary_colour_error"' in text_box
    assert 'aria-invalid="true"' in text_box


def test_markup_in_the_name_is_shown_as_text(admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    client_a.post("/manage/branding/", {**NEW_LOOK, "display_name": "<script>x()</script>"})
    html = client_a.get("/town/").content.decode()
    assert "<script>x()</script>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
