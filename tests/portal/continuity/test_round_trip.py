"""A demo town with every module's content, exported and imported as another slug, is the
same town table by table: rows, ids, files, the ledger, search, and its people's passwords."""

from __future__ import annotations

import hashlib
import threading
from typing import Any

import pytest
from django.db import connections
from django_tenants.utils import tenant_context

from billing.ledger.selectors import ledger_checksum
from portal.accounts.models import User
from portal.continuity.declarations import exported_tables
from portal.continuity.export import export_town, town_media_root
from portal.continuity.tables import rows_out, table_shapes
from portal.operators.management.commands.demo import DEMO_PASSWORD, DEMO_TOWNS
from portal.search.models import UnfoundSearch
from portal.search.query import parse_query
from portal.search.selectors import search_everything
from tests.conftest import TownClient, host
from tests.portal.continuity.conftest import RoundTrip, in_own_connection


def _table_digest(schema: str, table: str) -> tuple[int, str]:
    shape = table_shapes(schema)[table]
    digest = hashlib.sha256()
    rows = 0
    for chunk in rows_out(schema, shape):
        digest.update(chunk)
        rows += bytes(chunk).count(b"\n")
    return rows, digest.hexdigest()


@pytest.mark.django_db
def test_every_table_is_the_same_row_by_row(round_trip: RoundTrip) -> None:
    # given the demo town and its copy under another slug
    source, target = round_trip.source.schema_name, round_trip.target.schema_name
    # then every exported table holds the same rows, ids and references included
    different = [
        table
        for table in exported_tables()
        if _table_digest(source, table) != _table_digest(target, table)
    ]
    assert different == []
    # and the demo really filled the modules (a round trip of empty tables proves little)
    counts = {t: facts["rows"] for t, facts in round_trip.manifest["tables"].items()}
    for table in (
        "accounts_user",
        "directory_organisation",
        "info_event",
        "exchange_listing",
        "shop_offer",
        "ledger_entry",
        "branding_branding",
        "django_content_type",
    ):
        assert counts[table] > 0, table
    assert sum(counts.values()) > 500


@pytest.mark.django_db
def test_the_ledger_checksum_is_the_same(round_trip: RoundTrip) -> None:
    with tenant_context(round_trip.source):
        before = ledger_checksum()
    with tenant_context(round_trip.target):
        after = ledger_checksum()
    assert before == after == round_trip.manifest["checksums"]["ledger.checksum"]
    assert before["entries"] > 0 and before["balances"]


@pytest.mark.django_db
def test_the_public_record_comes_along_under_the_new_slug(round_trip: RoundTrip) -> None:
    source, target = round_trip.source, round_trip.target
    for field in (
        "enabled_modules",
        "postcodes",
        "districts",
        "residency_policy",
        "time_zone",
        "default_language",
        "contact_email",
    ):
        assert getattr(target, field) == getattr(source, field), field
    assert target.slug == "ziel" and target.name == "Zielstadt"
    assert [d.domain for d in target.domains.all()] == [host("ziel")]


@pytest.mark.django_db
def test_the_media_files_are_the_same(round_trip: RoundTrip) -> None:
    source = town_media_root(round_trip.source.schema_name)
    target = town_media_root(round_trip.target.schema_name)
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    assert files  # (the demo town's logo at least)
    assert sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file()) == files
    for name in files:
        assert (source / name).read_bytes() == (target / name).read_bytes()
    assert len(round_trip.manifest["media"]) == len(files)


@pytest.mark.django_db
def test_a_resident_logs_in_with_their_old_password(round_trip: RoundTrip) -> None:
    # given a resident of the demo town, now in the imported town
    demo = DEMO_TOWNS[0]
    email = f"{demo.people[2][1]}@{demo.domain}"
    client = TownClient(HTTP_HOST=host(round_trip.target.slug))
    # when they log in on the new town's host with the password they had
    response = client.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
    # then they are in, in the new town
    assert response.status_code == 302, response.content[:2000]
    assert client.get("/me/").status_code == 200
    wrong = TownClient(HTTP_HOST=host(round_trip.target.slug))
    refused = wrong.post("/accounts/login/", {"username": email, "password": "not-it-at-all"})
    assert refused.status_code == 200


@pytest.mark.django_db
def test_search_finds_the_same(round_trip: RoundTrip) -> None:
    def found(town: Any, text: str) -> list[tuple[str, list[str]]]:
        query = parse_query(text)
        assert query is not None
        with tenant_context(town):
            return [(g.key, [h.title for h in g.hits]) for g in search_everything(query)]

    for text in ("verein", "musik", "fahrrad", "kirche"):
        before = found(round_trip.source, text)
        assert before == found(round_trip.target, text)
    assert any(found(round_trip.source, text) for text in ("verein", "musik", "kirche"))


@pytest.mark.django_db
def test_new_rows_continue_after_the_imported_ids(round_trip: RoundTrip) -> None:
    with tenant_context(round_trip.target):
        highest = User.objects.order_by("-id").values_list("id", flat=True).first()
        user = User.objects.create_user("neu@ziel.example", "x-long-password-1", full_name="Neu")
        assert highest is not None and user.pk > highest


@pytest.mark.django_db
def test_an_export_during_writes_is_one_snapshot(round_trip: RoundTrip, tmp_path: Any) -> None:
    # given a town that someone writes to while it is being exported (no test transaction:
    # the export takes its own snapshot, the writer commits on its own connection)
    town = round_trip.source
    archive = tmp_path / "during.zip"
    written: list[bool] = []

    def write_elsewhere() -> None:
        with tenant_context(town):
            UnfoundSearch.objects.create(term="während des exports", week="2026-11-30")
        connections.close_all()

    def progress(step: str, done: int, total: int) -> None:
        if step == "tables" and done == 1:
            # (the first table is written, so the snapshot is taken; now a commit elsewhere)
            worker = threading.Thread(target=write_elsewhere)
            worker.start()
            worker.join()
            written.append(True)

    with tenant_context(town):
        before = UnfoundSearch.objects.count()
    try:
        # when it is exported
        manifest = in_own_connection(export_town, town=town, path=archive, progress=progress)
        # then the archive holds the state before the write, which did commit
        assert written
        assert manifest["tables"]["search_unfoundsearch"]["rows"] == before
        with tenant_context(town):
            assert UnfoundSearch.objects.count() == before + 1
    finally:

        def clean() -> None:
            with tenant_context(town):
                UnfoundSearch.objects.filter(term="während des exports").delete()

        in_own_connection(clean)
