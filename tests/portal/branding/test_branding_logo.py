"""Logo uploads: decoded, limited, re-encoded without metadata; refused files store nothing."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from portal.branding.logos import clean_logo
from portal.branding.models import Branding
from portal.branding.selectors import current_branding
from tests.factories.branding import (
    files_under,
    image_bytes,
    jpeg_with_gps,
    noise_png,
    png_bytes,
    png_header_only,
    upload,
)

pytestmark = pytest.mark.django_db


def _clean(data: bytes) -> Image.Image:
    result = clean_logo(io.BytesIO(data), len(data))
    return Image.open(io.BytesIO(result.png))


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_png_jpeg_and_webp_become_png(kind: str) -> None:
    image = _clean(image_bytes(kind, 120, 80))
    assert image.format == "PNG"
    assert image.size == (120, 80)


def test_wide_logo_is_scaled_down_to_600_pixels() -> None:
    image = _clean(png_bytes(1800, 300))
    assert image.size == (600, 100)


def test_jpeg_gps_and_camera_data_are_stripped() -> None:
    # given a JPEG whose EXIF names the camera and the place
    data = jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    # when it is cleaned
    result = clean_logo(io.BytesIO(data), len(data))
    # then no EXIF block and no trace of the camera are left
    stored = Image.open(io.BytesIO(result.png))
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert b"SecretCam" not in result.png and b"eXIf" not in result.png


def test_gif_is_refused_although_it_is_a_picture() -> None:
    with pytest.raises(ValidationError) as caught:
        _clean(image_bytes("GIF", 100, 100))
    assert caught.value.code == "not_an_image"


def test_text_file_named_png_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        _clean(b"just some text, not a picture\n" * 10)
    assert caught.value.code == "not_an_image"


def test_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        _clean(b"")
    assert caught.value.code == "empty"


def test_truncated_png_is_refused() -> None:
    data = noise_png(200, 200)
    with pytest.raises(ValidationError) as caught:
        _clean(data[: len(data) // 2])
    assert caught.value.code == "not_an_image"


def test_truncated_jpeg_is_refused() -> None:
    data = jpeg_with_gps(400, 400)
    with pytest.raises(ValidationError) as caught:
        _clean(data[: len(data) // 2])
    assert caught.value.code == "not_an_image"


def test_oversized_file_is_refused_before_decoding() -> None:
    data = noise_png(1000, 1000)
    assert len(data) > 2 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        _clean(data)
    assert caught.value.code == "too_large"
    assert "2 MB" in caught.value.messages[0]


def test_too_wide_image_is_refused_with_its_size() -> None:
    with pytest.raises(ValidationError) as caught:
        _clean(png_bytes(4001, 40))
    assert caught.value.code == "too_many_pixels"
    assert "4001" in caught.value.messages[0]


def test_decompression_bomb_header_is_refused_without_decoding() -> None:
    data = png_header_only(60000, 60000)
    assert len(data) < 200
    with pytest.raises(ValidationError) as caught:
        _clean(data)
    assert caught.value.code == "too_many_pixels"


def test_tiny_image_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        _clean(png_bytes(16, 16))
    assert caught.value.code == "too_few_pixels"


# --- through the console ----------------------------------------------------------------


def _post(client, branding: Branding, **extra):  # type: ignore[no-untyped-def]
    data = {
        "display_name": branding.display_name,
        "primary_colour": branding.primary_colour,
        "primary_colour_picker": branding.primary_colour,
        "accent_colour": branding.accent_colour,
        "accent_colour_picker": branding.accent_colour,
    }
    data.update(extra)
    return client.post("/manage/branding/", data)


def test_logo_is_stored_as_png_under_the_towns_schema_folder(
    media, admin_a, client_a, town_a
) -> None:
    # given an administrator of A
    client_a.force_login(admin_a)
    # when they upload a JPEG logo
    response = _post(
        client_a,
        current_branding(),
        logo=upload(jpeg_with_gps(900, 300), "photo.jpg", "image/jpeg"),
    )
    # then one PNG is stored, under A's schema folder, and the branding points to it
    assert response.status_code == 302
    stored = files_under(media)
    assert len(stored) == 1
    assert stored[0].parent == media / town_a.schema_name / "branding"
    assert stored[0].suffix == ".png"
    assert Image.open(stored[0]).size == (600, 200)
    logo = current_branding().logo
    assert logo.name == f"branding/{stored[0].name}"
    assert logo.url == f"/media/{town_a.schema_name}/branding/{stored[0].name}"


def test_logo_of_a_is_served_at_a_and_404_at_b(media, admin_a, client_a, client_b) -> None:
    # given A has a logo
    client_a.force_login(admin_a)
    _post(client_a, current_branding(), logo=upload(png_bytes(100, 50)))
    url = current_branding().logo.url
    # when it is fetched on A's host and on B's host
    at_a = client_a.get(url)
    at_b = client_b.get(url)
    # then only A serves it
    assert at_a.status_code == 200
    assert b"".join(at_a.streaming_content).startswith(b"\x89PNG")
    assert at_a["X-Content-Type-Options"] == "nosniff"
    assert at_b.status_code == 404


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"GIF89a not really\n" * 20, "logo.png", "not a picture"),
        (png_header_only(60000, 60000), "bomb.png", "too many pixels"),
        (png_bytes(5000, 50), "wide.png", "at most 4000"),
        (png_bytes(8, 8), "tiny.png", "at least 32"),
    ],
)
def test_refused_logo_stores_nothing_and_says_why(
    media, admin_a, client_a, data: bytes, name: str, message: str
) -> None:
    # given the branding before
    client_a.force_login(admin_a)
    before = current_branding()
    # when a bad file is uploaded together with other changes
    response = _post(client_a, before, display_name="Changed", logo=upload(data, name))
    # then the form says why, and nothing is stored: no file, no field
    assert response.status_code == 200
    assert message in response.content.decode()
    assert files_under(media) == []
    after = current_branding()
    assert after.display_name == before.display_name
    assert not after.logo


def test_oversized_logo_upload_stores_nothing(media, admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    response = _post(client_a, current_branding(), logo=upload(noise_png(1000, 1000)))
    assert response.status_code == 200
    assert "2 MB" in response.content.decode()
    assert files_under(media) == []


def test_truncated_logo_upload_stores_nothing(media, admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    data = noise_png(300, 300)
    response = _post(client_a, current_branding(), logo=upload(data[: len(data) // 2]))
    assert response.status_code == 200
    assert "not a picture" in response.content.decode()
    assert files_under(media) == []


def test_remove_logo_clears_the_field(
    media, admin_a, client_a, django_capture_on_commit_callbacks
) -> None:
    # given a logo
    client_a.force_login(admin_a)
    _post(client_a, current_branding(), logo=upload(png_bytes()))
    assert current_branding().logo
    # when the administrator removes it
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client_a, current_branding(), remove_logo="on")
    # then the branding has no logo and the file is gone after the commit
    assert response.status_code == 302
    assert not current_branding().logo
    assert files_under(media) == []


def test_replacing_the_logo_deletes_the_old_file_after_commit(
    media, admin_a, client_a, django_capture_on_commit_callbacks
) -> None:
    client_a.force_login(admin_a)
    _post(client_a, current_branding(), logo=upload(png_bytes(100, 50)))
    first = current_branding().logo.name
    with django_capture_on_commit_callbacks(execute=True):
        _post(client_a, current_branding(), logo=upload(png_bytes(200, 50)))
    second = current_branding().logo.name
    assert second != first
    assert [p.name for p in files_under(media)] == [second.split("/")[-1]]


def test_truncated_jpeg_is_refused_even_after_the_pdf_renderer_was_imported(monkeypatch) -> None:
    # WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process when imported
    # (so a test run that rendered an e-letter's PDF first accepted truncated uploads)
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = jpeg_with_gps(400, 400)
    with pytest.raises(ValidationError) as caught:
        _clean(data[: len(data) // 2])
    assert caught.value.code == "not_an_image"
