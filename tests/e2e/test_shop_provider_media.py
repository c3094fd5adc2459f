"""A business's photos and video in the browser: the provider adds a photo with its
description and a YouTube link; a visitor sees the two-click placeholder, and nothing is
requested from YouTube until they click."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django_tenants.utils import tenant_context
from PIL import Image

from modules.shop.models import ProviderClip, ProviderPhoto
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory
from tests.factories.branding import use_media_root
from tests.factories.shop import ProviderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/me/$"))


def test_photo_and_two_click_video(live_server, page, browser, towns, settings, tmp_path):
    use_media_root(settings, tmp_path)
    with tenant_context(towns["alpha"]):
        owner = UserFactory(email="tischler@alpha.example", roles=[Role.RESIDENT, Role.PROVIDER])
        ProviderFactory(name="Tischlerei Holz", slug="tischlerei-holz", owner=owner)
    picture = tmp_path / "werkstatt.png"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (120, 80, 40)).save(buffer, format="PNG")
    picture.write_bytes(buffer.getvalue())

    # given the provider on the edit page of the profile
    _log_in(page, live_server, "tischler@alpha.example")
    page.goto(town_url(live_server, "alpha", "/shop/p/tischlerei-holz/edit/"))
    page.click("a[href$='/media/']")
    page.click("a[href$='/photos/new/']")
    assert _violations(page) == []
    # when they upload a photo with its description
    page.set_input_files("input[name=image]", str(picture))
    page.fill("input[name=alt_text]", "Die Werkbank in unserer Werkstatt")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/shop/p/tischlerei-holz/media/$"))
    # and set a YouTube link
    page.click("a[href$='/video/edit/']")
    page.fill("input[name=link]", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    page.fill("textarea[name=description]", "Ein Rundgang durch die Werkstatt")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/shop/p/tischlerei-holz/media/$"))
    with tenant_context(towns["alpha"]):
        photo = ProviderPhoto.objects.get(provider__slug="tischlerei-holz")
        assert photo.alt_text == "Die Werkbank in unserer Werkstatt"
        assert ProviderClip.objects.get(provider__slug="tischlerei-holz").video_id == (
            "dQw4w9WgXcQ"
        )

    # then a visitor (another browser context, not logged in) sees the photo and the
    # placeholder, and nothing is requested from anyone but the town's own host
    visitor = browser.new_context(locale="de-DE")
    try:
        tab = visitor.new_page()
        requested: list[str] = []
        tab.on("request", lambda request: requested.append(request.url))
        # The network beyond this machine is never touched: the player is answered here.
        tab.route(
            re.compile(r"https://www\.youtube-nocookie\.com/.*"),
            lambda route: route.fulfill(
                status=200, content_type="text/html", body="<title>Player</title>"
            ),
        )
        profile = town_url(live_server, "alpha", "/shop/p/tischlerei-holz/")
        tab.goto(profile)
        tab.wait_for_load_state("networkidle")
        image = tab.locator("ul.gallery img")
        assert image.get_attribute("alt") == "Die Werkbank in unserer Werkstatt"
        assert tab.evaluate("document.querySelector('ul.gallery img').naturalWidth") == 320
        assert tab.locator("iframe").count() == 0
        own_host = urlsplit(profile).hostname
        assert {urlsplit(url).hostname for url in requested} == {own_host}
        assert _violations(tab) == []

        # when the visitor clicks the button
        requested.clear()
        tab.get_by_role("button", name=re.compile("YouTube")).click()
        tab.wait_for_url(re.compile(r"\?video=1"))
        # then the privacy-friendly player is there, and only now is YouTube asked
        frame = tab.locator("iframe")
        frame.wait_for()
        assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
        tab.wait_for_load_state("networkidle")
        assert "www.youtube-nocookie.com" in {urlsplit(url).hostname for url in requested}
    finally:
        visitor.close()
