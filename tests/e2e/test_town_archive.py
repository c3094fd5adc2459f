"""The hand-over in the browser: an operator exports a town on the operator site, downloads
its archive, imports it as a new town, and a resident of the old town logs in there with
their old password, finds the same organisation and sees the same fund balance; the pages
pass axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from billing.fees.services import post_order_fee
from portal.continuity.archive import open_archive
from portal.operators.services import provision_town
from tenants.models import Module, Town
from tests.e2e.conftest import log_in_operator, town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory
from tests.factories.directory import OrganisationFactory
from tests.portal.continuity.conftest import drop_town

OLD = "uebergabe"
NEW = "uebergabe-neu"


@pytest.fixture
def town_to_hand_over(towns: dict[str, Any]) -> Iterator[tuple[Town, str]]:
    """A town of its own with a resident, an organisation and a fee in its fund (a browser
    test commits; both towns are dropped whatever happens)."""
    for slug in (OLD, NEW):
        drop_town(slug)
    town = provision_town(
        slug=OLD,
        name="Übergabestadt",
        admin_email="admin@uebergabe.example",
        enabled_modules=list(Module.values),
    )
    with tenant_context(town):
        resident = UserFactory(email="rita.rentnerin@example.org", full_name="Rita Rentnerin")
        OrganisationFactory(name="Gesangverein Frohsinn")
        post_order_fee(
            order_key="uebergabe-1", provider_key="p-1", amount_cents=1234, at=timezone.now()
        )
    connection.set_schema_to_public()
    yield town, resident.email
    for slug in (OLD, NEW):
        drop_town(slug)


@pytest.mark.django_db(transaction=True)
def test_an_operator_hands_a_town_over_by_export_and_import(
    live_server, page, town_to_hand_over, tmp_path: Path
) -> None:
    alpha, resident = town_to_hand_over
    page.goto(town_url(live_server, OLD, "/fund/"))
    balance = page.inner_text("#fund-balance")
    assert "12,34" in balance
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
    page.get_by_label("Name der Gemeinde").fill("Neustadt")
    with page.expect_navigation():
        page.get_by_role("button", name="Gemeinde importieren").click()
    # then the page says the town is there
    assert f"Neustadt wurde unter der Adresse „{NEW}“ angelegt." in page.inner_text("main")
    assert _violations(page) == []

    # and the resident logs in there with the old password and finds the same organisation
    page.goto(town_url(live_server, NEW, "/accounts/login/"))
    page.fill("input[name=username]", resident)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    assert "/accounts/login/" not in page.url
    page.goto(town_url(live_server, NEW, "/search/?q=Frohsinn"))
    assert "Gesangverein Frohsinn" in page.inner_text("main")
    page.goto(town_url(live_server, NEW, "/fund/"))
    assert page.inner_text("#fund-balance") == balance


@pytest.mark.django_db(transaction=True)
def test_the_operator_allows_the_town_to_export_and_its_administrator_does(
    live_server, page, town_to_hand_over, tmp_path: Path
) -> None:
    town, _resident = town_to_hand_over
    with tenant_context(town):
        admin = UserFactory(town_admin=True, email="ada@uebergabe.example")
    connection.set_schema_to_public()
    # given the operator allows the town's administrators to export, on the town's page
    log_in_operator(page, live_server, "olga@lq.example")
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://lq.test:{port}/towns/{OLD}/export/")
    with page.expect_navigation():
        page.get_by_role("button", name="Den Portal-Administratoren den Export erlauben").click()
    assert "dürfen die Gemeinde jetzt selbst exportieren" in page.inner_text("main")
    # when the town's administrator opens the console's page and makes an archive
    page.goto(town_url(live_server, OLD, "/accounts/login/"))
    page.fill("input[name=username]", admin.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    page.goto(town_url(live_server, OLD, "/manage/"))
    with page.expect_navigation():
        page.locator("nav .console-nav a[href='/manage/archive/']").click()
    assert _violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Archiv der Gemeinde erstellen").click()
    # then they download it, and it is their town, whole
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Archiv herunterladen").click()
    archive = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(archive)
    with open_archive(archive) as opened:
        assert opened.manifest["town"]["slug"] == OLD
    assert _violations(page) == []
