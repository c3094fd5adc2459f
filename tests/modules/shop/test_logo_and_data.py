"""Provider logos (private until approved, re-encoded) and what the shop keeps of a person."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from modules.shop import services
from modules.shop.models import Provider
from modules.shop.personal_data import erase_shop, export_shop
from tests.factories.branding import use_media_root


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    return use_media_root(settings, tmp_path)


FIELDS = {
    "name": "Elektro Funke",
    "trade": "craft",
    "description": "Elektroinstallation.",
    "request_email": "funke@example.org",
}


def test_a_waiting_logo_is_private_and_public_once_approved(
    media, client_a, owner, resident, moderator
):
    provider = services.create_provider(created_by=owner, fields=FIELDS, logo=_png())
    assert provider.logo.name.endswith(".png")
    url = f"/shop/p/{provider.slug}/logo/"
    assert client_a.get(url).status_code == 404
    client_a.force_login(resident)
    assert client_a.get(url).status_code == 404
    client_a.force_login(owner)
    assert client_a.get(url).status_code == 200
    services.approve_provider(provider=provider, approved_by=moderator)
    client_a.logout()
    assert client_a.get(url).status_code == 200


def test_a_file_that_is_no_picture_is_refused(media, client_a, owner):
    client_a.force_login(owner)
    fake = SimpleUploadedFile("logo.png", b"not a picture", content_type="image/png")
    response = client_a.post("/shop/new/", {**FIELDS, "logo": fake})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not Provider.objects.exists()


def test_the_moderator_creates_a_profile_through_the_page_without_owner(client_a, moderator):
    client_a.force_login(moderator)
    assert client_a.post("/shop/new/", FIELDS).status_code == 302
    provider = Provider.objects.get(name="Elektro Funke")
    assert provider.owner is None
    page = client_a.get(f"/shop/p/{provider.slug}/").content.decode()
    assert "claim-link" in page


def test_export_and_erase_the_owners_data(owner, painter):
    part = export_shop(owner)
    assert [p["slug"] for p in part.data["providers_owned"]] == [painter.slug]
    erase_shop(owner)
    painter.refresh_from_db()
    assert painter.owner is None and painter.created_by is None
    assert Provider.objects.filter(pk=painter.pk).exists()
