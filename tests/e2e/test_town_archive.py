"""The hand-over in the browser: an operator exports a town on the operator site, downloads
its archive, imports it as a new town, and a resident of the old town logs in there with
their old password and finds the same organisation; the pages pass axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from portal.continuity.archive import open_archive
from tests.e2e.conftest import log_in_operator, town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory
from tests.factories.directory import OrganisationFactory
from tests.portal.continuity.conftest import drop_town

NEW = "alpha-neu"


@pytest.fixture
def alpha_with_a_resident(towns: dict[str, Any]) -> Iterator[str]:
    """Town A with a resident and an organisation (removed after: a browser test commits and
    the town's schema outlives it); the new town is dropped whatever happens."""
    drop_town(NEW)
    with tenant_context(towns["alpha"]):
        resident = UserFactory(email="rita.rentnerin@example.org", full_name="Rita Rentnerin")
        organisation = OrganisationFactory(name="Gesangverein Frohsinn")
    yield resident.email
    drop_town(NEW)
    with tenant_context(towns["alpha"]):
        organisation.delete()
        resident.delete()


@pytest.mark.django_db(transaction=True)
def test_an_operator_hands_a_town_over_by_export_and_import(
    live_server, page, towns, alpha_with_a_resident, tmp_path: Path
) -> None:
    alpha = towns["alpha"]
    log_in_operator(page, live_server, "olga@lq.example")
    # when the operator opens the town's archive page from the town list
    with page.expect_navigation():
        page.get_by_role("link", name=f"{alpha.name} exportieren").click()
    assert _violations(page) == []
    # and makes an archive
    with page.expect_navigation():
        page.get_by_role("button", name=f"Archiv von {alpha.name} erstellen").click()
    assert "wird erstellt" in page.inner_text("main")
    # then it can be downloaded, and the file is the whole town, every checksum right
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Archiv herunterladen").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"lq-{alpha.slug}-")
    archive = tmp_path / download.suggested_filename
    download.save_as(archive)
    with open_archive(archive) as opened:
        assert opened.manifest["town"]["slug"] == alpha.slug
    assert _violations(page) == []

    # when the operator imports it under a new address
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://lq.test:{port}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Gemeinde importieren").click()
    assert _violations(page) == []
    page.get_by_label("Archiv einer Gemeinde (ZIP-Datei)").set_input_files(str(archive))
    page.get_by_label("Adresse (Subdomain)").fill(NEW)
    page.get_by_label("Name der Gemeinde").fill("Alpha Neu")
    with page.expect_navigation():
        page.get_by_role("button", name="Gemeinde importieren").click()
    # then the page says the town is there
    assert f"Alpha Neu wurde unter der Adresse „{NEW}“ angelegt." in page.inner_text("main")
    assert _violations(page) == []

    # and the resident logs in there with the old password and finds the same organisation
    page.goto(town_url(live_server, NEW, "/accounts/login/"))
    page.fill("input[name=username]", alpha_with_a_resident)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    assert "/accounts/login/" not in page.url
    page.goto(town_url(live_server, NEW, "/search/?q=Frohsinn"))
    assert "Gesangverein Frohsinn" in page.inner_text("main")
