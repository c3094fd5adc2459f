"""A provider's photos and video clip: fake files, links to unknown hosts, the two-click
embed and its Content-Security-Policy, range requests, privacy until approval, and the
owner's export."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.shop import services
from modules.shop.models import Provider, ProviderClip, ProviderPhoto
from modules.shop.personal_data import erase_shop, export_shop
from modules.shop.videos import parse_video_link, sniff_video
from portal.file_ranges import Unsatisfiable, parse_range
from tests.factories.branding import use_media_root
from tests.factories.exchange import image_bytes
from tests.factories.shop import (
    MP4_BYTES,
    WEBM_BYTES,
    ProviderFactory,
    photo_upload,
    video_upload,
)

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_media_root(settings, tmp_path)


@pytest.fixture
def waiting(owner) -> Provider:
    return ProviderFactory(
        slug="wartet-noch", owner=owner, status=Provider.Status.PENDING, approved_at=None
    )


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def _read(response) -> bytes:
    return b"".join(response.streaming_content)


# --- photos ---------------------------------------------------------------------------


def test_the_owner_adds_a_photo_on_the_page_and_it_is_re_encoded(client_a, owner, painter):
    # given the owner on the page for adding a photo
    client_a.force_login(owner)
    assert client_a.get("/shop/p/maler-keller/photos/new/").status_code == 200
    # when they upload a PNG with a description
    png = SimpleUploadedFile("a.png", image_bytes("PNG", (300, 200)), content_type="image/png")
    response = client_a.post(
        "/shop/p/maler-keller/photos/new/", {"image": png, "alt_text": "Unsere Werkstatt"}
    )
    # then it is stored as a clean JPEG with its size and description, and shown on the profile
    assert response.status_code == 302
    photo = ProviderPhoto.objects.get(provider=painter)
    assert photo.image.name.startswith(f"private/shop/photos/{painter.public_id}/")
    assert photo.image.name.endswith(".jpg")
    assert (photo.width, photo.height, photo.alt_text) == (300, 200, "Unsere Werkstatt")
    page = client_a.get("/shop/p/maler-keller/").content.decode()
    assert f'src="/shop/photos/{photo.public_id}/"' in page
    assert 'alt="Unsere Werkstatt"' in page


def test_a_photo_without_description_gets_a_sensible_alt_text(client_a, owner, painter):
    services.add_provider_photo(provider=painter, by=owner, upload=photo_upload())
    page = client_a.get("/shop/p/maler-keller/").content.decode()
    assert 'alt="Photo of Malerbetrieb Keller"' in page


def test_a_file_that_is_no_picture_is_refused_on_the_page(client_a, owner, painter):
    client_a.force_login(owner)
    fake = SimpleUploadedFile("a.jpg", b"<html><script>alert(1)</script>", "image/jpeg")
    response = client_a.post("/shop/p/maler-keller/photos/new/", {"image": fake, "alt_text": ""})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not ProviderPhoto.objects.exists()


def test_markup_in_the_description_is_inert(client_a, owner, painter):
    services.add_provider_photo(
        provider=painter, by=owner, upload=photo_upload(), alt_text='"><script>x()</script>'
    )
    page = client_a.get("/shop/p/maler-keller/").content.decode()
    assert "<script>x()" not in page
    assert "&quot;&gt;&lt;script&gt;x()" in page


def test_too_long_description_and_a_fake_file_are_reported_together(owner, painter):
    with pytest.raises(ValidationError) as caught:
        services.add_provider_photo(
            provider=painter,
            by=owner,
            upload=SimpleUploadedFile("x.png", b"nope"),
            alt_text="x" * 201,
        )
    assert set(caught.value.message_dict) == {"alt_text", "image"}
    assert not ProviderPhoto.objects.exists()


def test_at_most_eight_photos(owner, painter):
    for _ in range(8):
        services.add_provider_photo(provider=painter, by=owner, upload=photo_upload())
    with pytest.raises(ValidationError) as caught:
        services.add_provider_photo(provider=painter, by=owner, upload=photo_upload())
    assert "image" in caught.value.message_dict
    assert list(painter.photos.values_list("position", flat=True)) == list(range(8))


def test_removing_a_photo_asks_first_and_deletes_the_file(
    client_a, owner, painter, django_capture_on_commit_callbacks
):
    photo = services.add_provider_photo(provider=painter, by=owner, upload=photo_upload())
    storage, name = photo.image.storage, photo.image.name
    url = f"/shop/p/maler-keller/photos/{photo.public_id}/remove/"
    client_a.force_login(owner)
    # the confirmation page changes nothing
    confirm = client_a.get(url)
    assert confirm.status_code == 200 and "Yes, remove the photo" in confirm.content.decode()
    assert ProviderPhoto.objects.filter(pk=photo.pk).exists()
    # posting it removes the row and, once committed, the file
    with django_capture_on_commit_callbacks(execute=True):
        assert client_a.post(url).status_code == 302
    assert not ProviderPhoto.objects.filter(pk=photo.pk).exists()
    assert not storage.exists(name)


def test_someone_else_cannot_add_or_remove_photos(client_a, owner, resident, painter):
    photo = services.add_provider_photo(provider=painter, by=owner, upload=photo_upload())
    with pytest.raises(PermissionDenied):
        services.add_provider_photo(provider=painter, by=resident, upload=photo_upload())
    client_a.force_login(resident)
    assert client_a.get("/shop/p/maler-keller/media/").status_code == 403
    remove = f"/shop/p/maler-keller/photos/{photo.public_id}/remove/"
    assert client_a.post(remove).status_code == 403
    assert ProviderPhoto.objects.filter(pk=photo.pk).exists()


def test_the_network_manager_maintains_the_media_for_a_provider(client_a, moderator, painter):
    client_a.force_login(moderator)
    assert client_a.get("/shop/p/maler-keller/media/").status_code == 200
    response = client_a.post(
        "/shop/p/maler-keller/video/edit/", {"link": YOUTUBE, "description": "Rundgang"}
    )
    assert response.status_code == 302
    assert ProviderClip.objects.get(provider=painter).video_id == "dQw4w9WgXcQ"


def test_photos_of_a_waiting_provider_are_private_then_public(
    client_a, owner, resident, moderator, waiting
):
    photo = services.add_provider_photo(provider=waiting, by=owner, upload=photo_upload())
    url = f"/shop/photos/{photo.public_id}/"
    assert client_a.get(url).status_code == 404
    client_a.force_login(resident)
    assert client_a.get(url).status_code == 404
    client_a.force_login(owner)
    private = client_a.get(url)
    assert private.status_code == 200 and private["Cache-Control"] == "private, no-store"
    services.approve_provider(provider=waiting, approved_by=moderator)
    client_a.logout()
    public = client_a.get(url)
    assert public.status_code == 200 and public["Cache-Control"].startswith("public")


def test_the_profile_page_keeps_a_constant_number_of_queries(
    client_a, owner, painter, django_assert_num_queries
):
    services.add_provider_photo(provider=painter, by=owner, upload=photo_upload())
    services.set_provider_clip(provider=painter, by=owner, link=YOUTUBE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client_a.get("/shop/p/maler-keller/")  # caches warmed (the town's branding)
    with CaptureQueriesContext(connection) as few:
        client_a.get("/shop/p/maler-keller/")
    for _ in range(5):
        services.add_provider_photo(provider=painter, by=owner, upload=photo_upload())
    with django_assert_num_queries(len(few.captured_queries)):
        page = client_a.get("/shop/p/maler-keller/")
    assert page.content.decode().count("/shop/photos/") >= 6


# --- the uploaded video ------------------------------------------------------------------


def test_real_mp4_and_webm_are_recognised_by_their_bytes():
    assert sniff_video(MP4_BYTES[:64]) == "mp4"
    assert sniff_video(WEBM_BYTES[:64]) == "webm"
    # Matroska that is not WebM, a box that is not ftyp, a PNG, HTML: no
    assert sniff_video(WEBM_BYTES[:64].replace(b"\x84webm", b"\x88matroska")) is None
    assert sniff_video(b"\x00\x00\x00\x18moovmp42" + b"\x00" * 20) is None
    assert sniff_video(image_bytes("PNG")[:64]) is None
    assert sniff_video(b"<!doctype html><script>alert(1)</script>") is None


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (image_bytes("PNG"), "clip.mp4", "video/mp4"),
        (b"<!doctype html><script>alert(1)</script>", "clip.webm", "video/webm"),
        (b"", "clip.mp4", "video/mp4"),
    ],
    ids=["png-named-mp4", "html-named-webm", "empty"],
)
def test_a_fake_video_is_refused_on_the_page(client_a, owner, painter, data, name, content_type):
    client_a.force_login(owner)
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    response = client_a.post("/shop/p/maler-keller/video/edit/", {"file": upload})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not ProviderClip.objects.exists()


def test_an_oversized_video_is_refused(owner, painter, settings):
    settings.SHOP_VIDEO_MAX_BYTES = 512
    with pytest.raises(ValidationError) as caught:
        services.set_provider_clip(
            provider=painter, by=owner, upload=video_upload(), size=len(MP4_BYTES)
        )
    assert "file" in caught.value.message_dict
    assert not ProviderClip.objects.exists()


def test_an_upload_and_a_link_at_once_or_neither_is_refused(owner, painter):
    with pytest.raises(ValidationError) as both:
        services.set_provider_clip(
            provider=painter, by=owner, upload=video_upload(), size=len(MP4_BYTES), link=YOUTUBE
        )
    with pytest.raises(ValidationError) as neither:
        services.set_provider_clip(provider=painter, by=owner)
    assert "link" in both.value.message_dict and "link" in neither.value.message_dict
    assert not ProviderClip.objects.exists()


def test_an_uploaded_video_is_shown_with_controls_and_its_description(client_a, owner, painter):
    client_a.force_login(owner)
    response = client_a.post(
        "/shop/p/maler-keller/video/edit/",
        {
            "file": video_upload(WEBM_BYTES, "x.bin", "application/octet-stream"),
            "description": "Wir <b>malen</b>",
        },
    )
    assert response.status_code == 302
    clip = ProviderClip.objects.get(provider=painter)
    assert clip.file_format == "webm" and clip.file.name.endswith(".webm")
    assert clip.file.name.startswith("private/") and clip.file_size == len(WEBM_BYTES)
    page = client_a.get("/shop/p/maler-keller/").content.decode()
    assert '<video controls preload="none"' in page
    assert "Wir &lt;b&gt;malen&lt;/b&gt;" in page


def test_replacing_the_video_deletes_the_old_file(
    owner, painter, django_capture_on_commit_callbacks
):
    first = services.set_provider_clip(
        provider=painter, by=owner, upload=video_upload(), size=len(MP4_BYTES)
    )
    storage, name = first.file.storage, first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.set_provider_clip(provider=painter, by=owner, link=YOUTUBE)
    assert not storage.exists(name)
    assert ProviderClip.objects.get(provider=painter).host == "youtube"


def test_range_requests_on_the_video(client_a, owner, painter):
    services.set_provider_clip(
        provider=painter, by=owner, upload=video_upload(), size=len(MP4_BYTES)
    )
    url, size = "/shop/p/maler-keller/video/", len(MP4_BYTES)
    # the whole file, saying that ranges are possible
    whole = client_a.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Type"] == "video/mp4" and _read(whole) == MP4_BYTES
    # one range
    part = client_a.get(url, HTTP_RANGE="bytes=4-11")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 4-11/{size}" and part["Content-Length"] == "8"
    assert _read(part) == b"ftypmp42"
    # from an offset to the end, and the last bytes
    tail = client_a.get(url, HTTP_RANGE=f"bytes={size - 3}-")
    assert tail.status_code == 206 and _read(tail) == MP4_BYTES[-3:]
    suffix = client_a.get(url, HTTP_RANGE="bytes=-5")
    assert suffix["Content-Range"] == f"bytes {size - 5}-{size - 1}/{size}"
    assert _read(suffix) == MP4_BYTES[-5:]
    # an end past the file is cut to the file
    long = client_a.get(url, HTTP_RANGE=f"bytes=10-{size + 100}")
    assert long["Content-Range"] == f"bytes 10-{size - 1}/{size}"
    # a start past the end: 416
    beyond = client_a.get(url, HTTP_RANGE=f"bytes={size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"
    # several ranges or nonsense: the whole file
    several = client_a.get(url, HTTP_RANGE="bytes=0-1,5-6")
    assert several.status_code == 200 and _read(several) == MP4_BYTES
    assert client_a.get(url, HTTP_RANGE="pages=1-2").status_code == 200


def test_parse_range_edge_cases():
    assert parse_range("bytes=0-0", 10) == (0, 0)
    assert parse_range("bytes=-20", 10) == (0, 9)
    assert parse_range("bytes=5-2", 10) is None
    assert parse_range("bytes=-", 10) is None
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=-0", 10)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=10-20", 10)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=10-", 10)


def test_a_waiting_providers_video_is_private(client_a, owner, resident, waiting):
    services.set_provider_clip(
        provider=waiting, by=owner, upload=video_upload(), size=len(MP4_BYTES)
    )
    url = "/shop/p/wartet-noch/video/"
    assert client_a.get(url).status_code == 404
    client_a.force_login(resident)
    assert client_a.get(url, HTTP_RANGE="bytes=0-3").status_code == 404
    client_a.force_login(owner)
    mine = client_a.get(url, HTTP_RANGE="bytes=0-3")
    assert mine.status_code == 206 and mine["Cache-Control"] == "private, no-store"


# --- the video link and the two-click embed -------------------------------------------


@pytest.mark.parametrize(
    ("url", "host", "video_id"),
    [
        (YOUTUBE, "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=10", "youtube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "vimeo", "76979871"),
    ],
)
def test_links_of_allowed_hosts_are_reduced_to_the_id(url, host, video_id):
    found = parse_video_link(url)
    assert (found.host, found.video_id) == (host, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt://www.youtube.com/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
        "https://www.youtube.com/watch?v=short",
        "https://vimeo.com/channels/staffpicks",
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "",
    ],
)
def test_other_links_are_refused(owner, painter, url):
    with pytest.raises(ValidationError) as caught:
        services.set_provider_clip(provider=painter, by=owner, link=url)
    assert "link" in caught.value.message_dict
    assert not ProviderClip.objects.exists()


def test_before_the_click_nothing_of_youtube_is_on_the_page(client_a, owner, painter):
    services.set_provider_clip(provider=painter, by=owner, link=YOUTUBE, description="Ein Rundgang")
    response = client_a.get("/shop/p/maler-keller/")
    page = response.content.decode()
    assert "<iframe" not in page
    assert "youtube-nocookie" not in page and "ytimg" not in page
    assert 'name="video" value="1"' in page
    assert "Load video (data is sent to YouTube)" in page
    policy = _csp(response)
    assert policy.get("frame-src", policy["default-src"]) == ["'self'"]
    assert "youtube" not in response["Content-Security-Policy"]


def test_after_the_click_the_nocookie_player_is_allowed_on_that_answer_only(
    client_a, owner, painter
):
    services.set_provider_clip(provider=painter, by=owner, link=YOUTUBE)
    response = client_a.get("/shop/p/maler-keller/", {"video": "1"})
    page = response.content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    assert _csp(response)["frame-src"] == ["https://www.youtube-nocookie.com"]
    # the next ordinary answer is strict again
    assert "frame-src" not in _csp(client_a.get("/shop/p/maler-keller/"))


def test_vimeo_is_embedded_without_tracking(client_a, owner, painter):
    services.set_provider_clip(provider=painter, by=owner, link="https://vimeo.com/76979871")
    response = client_a.get("/shop/p/maler-keller/", {"video": "1"})
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1"' in response.content.decode()
    assert _csp(response)["frame-src"] == ["https://player.vimeo.com"]


def test_video_1_without_a_link_loads_nothing(client_a, owner, painter):
    response = client_a.get("/shop/p/maler-keller/", {"video": "1"})
    assert "<iframe" not in response.content.decode()
    assert "frame-src" not in _csp(response)


# --- isolation and personal data -----------------------------------------------------


def test_another_town_sees_none_of_it(outsider_client, owner, painter):
    photo = services.add_provider_photo(provider=painter, by=owner, upload=photo_upload())
    services.set_provider_clip(
        provider=painter, by=owner, upload=video_upload(), size=len(MP4_BYTES)
    )
    for url in (
        f"/shop/photos/{photo.public_id}/",
        "/shop/p/maler-keller/video/",
        "/shop/p/maler-keller/media/",
        "/shop/p/maler-keller/photos/new/",
        "/shop/p/maler-keller/video/edit/",
        f"/shop/p/maler-keller/photos/{photo.public_id}/remove/",
    ):
        assert outsider_client.get(url).status_code == 404, url
    assert outsider_client.post("/shop/p/maler-keller/video/remove/").status_code == 404


def test_the_export_carries_photos_and_video_and_erasing_keeps_them(owner, painter):
    photo = services.add_provider_photo(
        provider=painter, by=owner, upload=photo_upload(), alt_text="Werkstatt"
    )
    clip = services.set_provider_clip(
        provider=painter, by=owner, upload=video_upload(), size=len(MP4_BYTES), description="Clip"
    )
    part = export_shop(owner)
    entry = part.data["providers_owned"][0]
    assert entry["photos"][0]["alt_text"] == "Werkstatt"
    assert entry["video"]["description"] == "Clip" and entry["video"]["file"]
    stored = {file.storage_name for file in part.files}
    assert {photo.image.name, clip.file.name} <= stored
    erase_shop(owner)
    assert ProviderPhoto.objects.filter(pk=photo.pk, provider=painter).exists()
    assert ProviderClip.objects.filter(pk=clip.pk, provider=painter).exists()
    assert photo.image.storage.exists(photo.image.name)
