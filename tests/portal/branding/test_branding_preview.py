"""The branding page previews colours: live with the static script, on the server without."""

from __future__ import annotations

import pytest

from portal.branding.selectors import current_branding
from tests.portal.branding.test_branding_pages import NEW_LOOK

pytestmark = pytest.mark.django_db


def test_show_preview_renders_the_colours_without_saving(admin_a, client_a) -> None:
    # given the town's current look
    before = current_branding()
    client_a.force_login(admin_a)
    # when the administrator asks for a preview of new colours
    response = client_a.post("/manage/branding/", {**NEW_LOOK, "preview": "1"})
    # then the page shows them in the preview area and says it is not saved
    page = response.content.decode()
    assert response.status_code == 200
    assert "--preview-primary: #0b3d2e; --preview-accent: #6a1b9a;" in page
    assert "It is not saved yet" in page
    after = current_branding()
    assert (after.primary_colour, after.display_name) == (
        before.primary_colour,
        before.display_name,
    )


def test_the_page_loads_the_colour_script_and_previews_the_stored_colours(
    admin_a, client_a
) -> None:
    client_a.force_login(admin_a)
    page = client_a.get("/manage/branding/").content.decode()
    current = current_branding()
    assert '<script src="/static/portal/colour-sync.js" defer></script>' in page
    assert f"--preview-primary: {current.primary_colour};" in page
    assert 'name="preview"' in page


def test_a_bad_colour_is_not_previewed_and_nothing_is_saved(admin_a, client_a) -> None:
    before = current_branding()
    client_a.force_login(admin_a)
    bad = "red;} body{display:none"
    response = client_a.post(
        "/manage/branding/",
        {**NEW_LOOK, "primary_colour": bad, "primary_colour_picker": "#1f4e79", "preview": "1"},
    )
    page = response.content.decode()
    assert "display:none" not in page.split("</style>")[1]  # never inside a style block
    assert f"--preview-primary: {before.primary_colour};" in page
    assert current_branding().primary_colour == before.primary_colour
