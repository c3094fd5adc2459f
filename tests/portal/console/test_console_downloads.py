"""The console's open-format downloads: the page lists the files of the switched-on modules;
only town administrators download; a switched-off module's file does not exist; another
town's administrator gets their own town's data, never this one's."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from portal import registry
from portal.csv_cells import csv_stream, safe_cell, spreadsheet_cell
from tenants.models import Town
from tenants.routing import forget_towns
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/manage/downloads/directory/organisations.csv"


def _body(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def _switch_off(town: Town, key: str) -> None:
    Town.objects.filter(pk=town.pk).update(
        enabled_modules=[module for module in town.enabled_modules if module != key]
    )
    forget_towns()


def test_the_page_lists_every_download_of_the_switched_on_modules(admin_a, client_a) -> None:
    # given a town administrator of a town with every module on
    client_a.force_login(admin_a)
    # when they open the download page
    page = client_a.get("/manage/downloads/").content.decode()
    # then every file of every module is offered, each at its address
    for path in (
        ORGANISATIONS,
        "/manage/downloads/info/events.csv",
        "/manage/downloads/info/events.ics",
        "/manage/downloads/exchange/listings.csv",
        "/manage/downloads/fund/fund-rounds.csv",
        "/manage/downloads/fund/fund-projects.csv",
        "/manage/downloads/fund/fund-balance.csv",
    ):
        assert f'href="{path}"' in page, path
    assert 'href="/manage/downloads/"' in page  # in the console's navigation


def test_a_switched_off_module_has_no_download(town_a, admin_a, client_a) -> None:
    # given the directory switched off in town A
    _switch_off(town_a, "directory")
    client_a.force_login(admin_a)
    # then the page does not offer its file and its address does not exist
    page = client_a.get("/manage/downloads/").content.decode()
    assert ORGANISATIONS not in page
    assert "/manage/downloads/info/events.ics" in page
    assert client_a.get(ORGANISATIONS).status_code == 404


def test_only_town_administrators_download(in_town_a, client_a, moderator_a, resident_a) -> None:
    # given an anonymous visitor, a resident and a moderator of town A
    OrganisationFactory(name="Chor Harmonie")
    # then the visitor is asked to log in, and the others are refused
    anonymous = client_a.get(ORGANISATIONS)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for person in (resident_a, moderator_a):
        client_a.force_login(person)
        assert client_a.get(ORGANISATIONS).status_code == 403
        assert client_a.get("/manage/downloads/").status_code == 403


def test_the_administrator_downloads_a_streamed_attachment(admin_a, client_a, town_a) -> None:
    OrganisationFactory(name="Chor Harmonie")
    client_a.force_login(admin_a)
    response = client_a.get(ORGANISATIONS)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{town_a.slug}-organisations.csv"'
    )
    body = _body(response)
    assert body.startswith("\ufeff")  # the byte order mark: spreadsheets read UTF-8
    assert "Chor Harmonie" in body


def test_another_towns_administrator_gets_only_their_own_towns_data(
    in_town_a, client_b, town_b
) -> None:
    # given an organisation of town A
    OrganisationFactory(name="Nur-in-A-Verein")
    with tenant_context(town_b):
        client_b.force_login(UserFactory(town_admin=True))
    # when town B's administrator downloads B's file (on B's host), the body written while
    # the test's connection is back in town A
    response = client_b.get(ORGANISATIONS)
    # then it holds nothing of town A
    assert response.status_code == 200
    assert "Nur-in-A-Verein" not in _body(response)


def test_town_a_administrator_cannot_use_town_bs_host(admin_a, client_b) -> None:
    # A's administrator does not exist on B's host: a login page, never a file.
    client_b.force_login(admin_a)
    response = client_b.get(ORGANISATIONS)
    assert response.status_code == 302


def test_the_csv_writer_defuses_formulas_and_writes_rows() -> None:
    # given a header and rows with a formula, a number and nothing
    rows = [['=HYPERLINK("https://evil.example")', 3, None], ["+1", -2, "Müller"]]
    text = b"".join(csv_stream(["Titel", "Zahl", "Name"], rows)).decode("utf-8")
    # then the file has the mark, the header and defused text cells, numbers untouched
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert parsed == [
        ["Titel", "Zahl", "Name"],
        ['\'=HYPERLINK("https://evil.example")', "3", ""],
        ["'+1", "-2", "Müller"],
    ]
    assert spreadsheet_cell("@SUM(A1)") == safe_cell("@SUM(A1)") == "'@SUM(A1)"


def test_a_module_cannot_declare_a_bad_download_file_name() -> None:
    bad = registry.OpenDownload(
        key="x", title="x", filename="../x.exe", media_type="text/csv", writer=lambda base: []
    )
    module = registry.TownModule(
        key="info", app="modules.info", label="x", pictogram="info", open_downloads=(bad,)
    )
    with pytest.raises(ValueError, match="file name"):
        registry.declare_module(module)
