"""portal.files: private files only through a check, never cached; town_media never serves
the private folder."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory

from portal.files import is_private_name, private_file_response, private_name, public_file_response
from tests.factories.branding import use_media_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(settings: Any, tmp_path: Any, in_town_a: Any) -> str:
    use_media_root(settings, tmp_path)
    return default_storage.save(private_name('x/Bericht "2026";\r\n.pdf'), ContentFile(b"%PDF-1"))


def test_private_file_response_headers(stored):
    response = private_file_response(RequestFactory().get("/"), path=stored, allowed=True)
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;") and "\r" not in disposition and "\n" not in disposition
    assert b"".join(response.streaming_content) == b"%PDF-1"


def test_private_file_response_is_a_404_when_not_allowed_or_missing(stored):
    with pytest.raises(Http404):
        private_file_response(RequestFactory().get("/"), path=stored, allowed=False)
    with pytest.raises(Http404):
        private_file_response(RequestFactory().get("/"), path="private/none.jpg", allowed=True)
    for odd in ("", "/etc/passwd", "private/../../secret"):
        with pytest.raises(Http404):
            public_file_response(path=odd)


def test_public_file_response_is_cacheable(stored):
    assert public_file_response(path=stored)["Cache-Control"] == "public, max-age=3600"


def test_private_names():
    assert private_name("exchange/a.jpg") == "private/exchange/a.jpg"
    assert is_private_name("private/exchange/a.jpg")
    assert not is_private_name("privateer/a.jpg") and not is_private_name("branding/logo.png")


def test_town_media_never_serves_the_private_folder(client_a, town_a, settings, tmp_path):
    from django_tenants.utils import tenant_context

    use_media_root(settings, tmp_path)
    with tenant_context(town_a):
        secret = default_storage.save("private/exchange/a.jpg", ContentFile(b"secret"))
        public = default_storage.save("branding/logo.png", ContentFile(b"logo"))
    schema = town_a.schema_name
    assert client_a.get(f"/media/{schema}/{public}").status_code == 200
    for path in (secret, f"./{secret}", f"branding/../{secret}", "private//exchange/a.jpg"):
        assert client_a.get(f"/media/{schema}/{path}").status_code == 404, path
