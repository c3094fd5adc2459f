"""`manage.py town export <slug> <file>` and `town import-archive <file> --slug <new>`; an
imported town keeps the status it had."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tenants.utils import tenant_context

from portal.accounts.models import User
from portal.continuity.importing import import_town
from portal.operators.models import TownAuditEntry
from tenants.models import Town
from tests.portal.continuity.conftest import (
    RoundTrip,
    drop_town,
    in_own_connection,
    nothing_left,
    rewrite,
)

pytestmark = pytest.mark.django_db

COPY = "kopie"


def _command(*args: str) -> str:
    out = io.StringIO()
    in_own_connection(_call, args=args, out=out)
    return out.getvalue()


def _call(*, args: tuple[str, ...], out: io.StringIO) -> None:
    call_command("town", *args, stdout=out, stderr=io.StringIO())


def test_export_then_import_archive_under_a_new_address(
    round_trip: RoundTrip, tmp_path: Path, town_a: Town
) -> None:
    archive = tmp_path / "quelle.zip"
    in_own_connection(drop_town, slug=COPY)
    try:
        # when an operator exports the town and imports it under another address
        exported = _command("export", round_trip.source.slug, str(archive))
        imported = _command("import-archive", str(archive), "--slug", COPY, "--name", "Kopie")
        # then both say what they did and the copy has the town's people
        assert "Exported Quellstadt" in exported and "rows" in exported
        assert f"Imported Kopie at http://{COPY}." in imported
        # (read on a connection of its own: the test's transaction must hold no lock on
        # the copy's tables, which the clean-up drops)
        in_own_connection(_compare_people, source=round_trip.source, town_a=town_a)
        # and a second export to the same file is refused instead of overwriting it
        with pytest.raises(CommandError, match="exists"):
            _command("export", round_trip.source.slug, str(archive))
    finally:
        in_own_connection(drop_town, slug=COPY)


def _compare_people(*, source: Town, town_a: Town) -> None:
    copy = Town.objects.get(slug=COPY)
    with tenant_context(source):
        people = list(User.objects.order_by("id").values_list("id", "email", "password"))
    with tenant_context(copy):
        assert list(User.objects.order_by("id").values_list("id", "email", "password")) == people
    emails = [email for _id, email, _password in people if email]
    assert emails
    # and they stay that town's people: no other town gained or shares them
    with tenant_context(town_a):
        assert not User.objects.filter(email__in=emails).exists()


def test_a_bad_archive_is_refused_with_the_reason(tmp_path: Path, round_trip: RoundTrip) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(CommandError, match=r"The archive is refused: .*not a town archive"):
        _command("import-archive", str(bad), "--slug", COPY)
    nothing_left(COPY)


def _with_status(round_trip: RoundTrip, folder: Path, status: str) -> Path:
    def change(facts: dict[str, Any]) -> None:
        facts["town"]["status"] = status

    return rewrite(round_trip.archive, folder / f"{status}.zip", manifest=change)


def test_a_suspended_town_is_imported_suspended(round_trip: RoundTrip, tmp_path: Path) -> None:
    # given the archive of a town that was suspended when it was exported
    archive = _with_status(round_trip, tmp_path, "suspended")
    in_own_connection(drop_town, slug=COPY)
    try:
        # when an operator imports it
        imported = _command("import-archive", str(archive), "--slug", COPY)
        # then it is suspended here too, and the command says so
        copy = Town.objects.get(slug=COPY)
        assert copy.status == Town.Status.SUSPENDED
        assert "with the status it had: suspended." in imported
        assert "until an operator reactivates" in imported
        # (the import carries the state over; it writes no operator audit entry)
        assert not TownAuditEntry.objects.filter(town=copy).exists()
    finally:
        in_own_connection(drop_town, slug=COPY)


def test_an_archived_town_is_imported_archived(round_trip: RoundTrip, tmp_path: Path) -> None:
    archive = _with_status(round_trip, tmp_path, "archived")
    in_own_connection(drop_town, slug=COPY)
    try:
        town = in_own_connection(import_town, path=archive, slug=COPY)
        assert town.status == Town.Status.ARCHIVED
        assert Town.objects.get(slug=COPY).status == Town.Status.ARCHIVED
    finally:
        in_own_connection(drop_town, slug=COPY)


def test_an_active_town_is_imported_active(round_trip: RoundTrip) -> None:
    assert round_trip.manifest["town"]["status"] == Town.Status.ACTIVE
    assert Town.objects.get(slug=round_trip.target.slug).status == Town.Status.ACTIVE


def test_a_status_this_deployment_does_not_know_is_refused(
    round_trip: RoundTrip, tmp_path: Path
) -> None:
    archive = _with_status(round_trip, tmp_path, "deleted")
    in_own_connection(drop_town, slug=COPY)
    with pytest.raises(ValidationError, match="deleted"):
        in_own_connection(import_town, path=archive, slug=COPY)
    nothing_left(COPY)
