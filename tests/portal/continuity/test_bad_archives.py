"""Archives that are cut short, changed, too new, for a taken address, with a file name
that leaves the media folder, or that unpack out of proportion are refused with a clear
message and nothing is created; an import interrupted midway leaves nothing and can be
run again."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from portal.continuity import importing
from portal.continuity.archive import ArchiveRefused, Limits
from portal.continuity.importing import import_town
from tests.portal.continuity.conftest import (
    RoundTrip,
    drop_town,
    in_own_connection,
    nothing_left,
    rewrite,
)

NEW = "neustadt"


pytestmark = pytest.mark.django_db


@pytest.fixture
def db_outside_transactions(round_trip: RoundTrip) -> Iterator[None]:
    """The imports run on their own connection (they commit); `NEW` is removed after."""
    in_own_connection(drop_town, slug=NEW)
    yield
    in_own_connection(drop_town, slug=NEW)


def importing_elsewhere(**kwargs: Any) -> Any:
    return in_own_connection(import_town, **kwargs)


def refused(path: Path, message: str, **options: Any) -> None:
    with pytest.raises(ArchiveRefused, match=message):
        importing_elsewhere(path=path, slug=NEW, **options)
    nothing_left(NEW)


def test_a_truncated_archive(
    round_trip: RoundTrip, db_outside_transactions: None, tmp_path: Path
) -> None:
    data = round_trip.archive.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    refused(cut, "cut short")


def test_a_changed_table(
    round_trip: RoundTrip, db_outside_transactions: None, tmp_path: Path
) -> None:
    # given an archive whose users' table was edited after the export
    with zipfile.ZipFile(round_trip.archive) as old:
        users = old.read("tables/accounts_user.copy")
    changed = rewrite(
        round_trip.archive,
        tmp_path / "changed.zip",
        replace={"tables/accounts_user.copy": users.replace(b"Erika", b"Eva")},
    )
    refused(changed, "does not match its checksum")


def test_a_newer_format(
    round_trip: RoundTrip, db_outside_transactions: None, tmp_path: Path
) -> None:
    def newer(facts: dict[str, Any]) -> None:
        facts["format_version"] = 99

    refused(rewrite(round_trip.archive, tmp_path / "v99.zip", manifest=newer), "newer than this")


def test_an_archive_of_a_newer_schema(
    round_trip: RoundTrip, db_outside_transactions: None, tmp_path: Path
) -> None:
    def later(facts: dict[str, Any]) -> None:
        facts["migrations"].append(["ledger", "0099_from_the_future"])

    refused(rewrite(round_trip.archive, tmp_path / "later.zip", manifest=later), "newer version")


def test_an_address_that_is_taken(round_trip: RoundTrip, db_outside_transactions: None) -> None:
    # given the archive of a town whose address exists here (the source itself)
    with pytest.raises(ValidationError):
        importing_elsewhere(path=round_trip.archive)
    with pytest.raises(ValidationError):
        importing_elsewhere(path=round_trip.archive, slug=round_trip.target.slug)
    nothing_left(NEW)


@pytest.mark.parametrize(
    "name",
    ["media/../../escaped.txt", "media//etc/passwd", "media/a/../../b.txt", "media/c:\\x.txt"],
)
def test_a_file_name_that_leaves_the_media_folder(
    round_trip: RoundTrip, db_outside_transactions: None, tmp_path: Path, name: str
) -> None:
    bad = rewrite(round_trip.archive, tmp_path / "escape.zip", add={name: b"gotcha"})
    refused(bad, "unsafe name")
    assert not (round_trip.media / "escaped.txt").exists()


def test_a_link_inside(
    round_trip: RoundTrip, db_outside_transactions: None, tmp_path: Path
) -> None:
    bad = tmp_path / "link.zip"
    rewrite(round_trip.archive, bad, add={"media/link": b"/etc/passwd"})
    # (the same archive, with the member marked as a symbolic link)
    linked = tmp_path / "linked.zip"
    with zipfile.ZipFile(bad) as old, zipfile.ZipFile(linked, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "media/link":
                info.external_attr = 0o120777 << 16
            new.writestr(info, data)
    refused(linked, "link")


def test_a_file_the_manifest_does_not_list(
    round_trip: RoundTrip, db_outside_transactions: None, tmp_path: Path
) -> None:
    bad = rewrite(
        round_trip.archive, tmp_path / "extra.zip", add={"media/extra.txt": b"x"}, list_added=False
    )
    refused(bad, "does not list")


def test_a_zip_bomb(round_trip: RoundTrip, db_outside_transactions: None, tmp_path: Path) -> None:
    # given a member that unpacks to a thousand times its stored size
    bomb = rewrite(
        round_trip.archive, tmp_path / "bomb.zip", add={"media/zeros.bin": bytes(8 << 20)}
    )
    refused(bomb, "ZIP bomb")


def test_an_archive_larger_than_the_limit(
    round_trip: RoundTrip, db_outside_transactions: None
) -> None:
    refused(round_trip.archive, "more than 1000 bytes", limits=Limits(max_bytes=1000))


def test_an_interrupted_import_leaves_nothing_and_runs_again(
    round_trip: RoundTrip, db_outside_transactions: None
) -> None:
    # given an import that fails after every row is loaded (the process dies, say)
    def fail(town: Any) -> None:
        raise RuntimeError("interrupted")

    importing._after_load.append(fail)
    try:
        with pytest.raises(RuntimeError, match="interrupted"):
            importing_elsewhere(path=round_trip.archive, slug=NEW)
    finally:
        importing._after_load.remove(fail)
    # then nothing is left
    nothing_left(NEW)
    # and the same import, run again, succeeds
    town = importing_elsewhere(path=round_trip.archive, slug=NEW)
    assert town.slug == NEW and town.schema_name == "town_neustadt"


def test_an_older_format_is_moved_forward_step_by_step(
    round_trip: RoundTrip, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a deployment that reads format 2, with the step from format 1 (today's)
    from portal.continuity import archive

    def to_two(manifest: dict[str, Any]) -> dict[str, Any]:
        return {**manifest, "moved_forward": True}

    monkeypatch.setattr(archive, "FORMAT_VERSION", 2)
    monkeypatch.setitem(archive.UPGRADES, 1, to_two)
    # when it opens an archive of format 1
    with archive.open_archive(round_trip.archive) as opened:
        # then the manifest comes upgraded
        assert opened.manifest["format_version"] == 2
        assert opened.manifest["moved_forward"] is True
    # and without the step, format 1 is refused by name
    monkeypatch.delitem(archive.UPGRADES, 1)
    with pytest.raises(ArchiveRefused, match="Format version 1 can no longer be read"):
        archive.open_archive(round_trip.archive)


def _with_ledger_entries(
    round_trip: RoundTrip, target: Path, change: Callable[[list[list[bytes]], int], None]
) -> Path:
    """The archive with its ledger entries changed by `change(rows, amount column)`, the
    manifest's figures for them made to fit (as someone who edits an archive would)."""
    member = "tables/ledger_entry.copy"
    with zipfile.ZipFile(round_trip.archive) as old:
        rows = [line.split(b"\t") for line in old.read(member).splitlines()]
    columns = round_trip.manifest["tables"]["ledger_entry"]["columns"]
    change(rows, columns.index("amount"))
    data = b"".join(b"\t".join(row) + b"\n" for row in rows)

    def fit(facts: dict[str, Any]) -> None:
        facts["tables"]["ledger_entry"].update(
            rows=len(rows), size=len(data), sha256=hashlib.sha256(data).hexdigest()
        )

    return rewrite(round_trip.archive, target, manifest=fit, replace={member: data})


def test_a_ledger_that_does_not_balance(
    round_trip: RoundTrip, db_outside_transactions: None, tmp_path: Path
) -> None:
    # given an archive whose first ledger entry was raised by a cent (its figures fitted)
    def raise_a_cent(rows: list[list[bytes]], amount: int) -> None:
        rows[0][amount] = str(int(rows[0][amount]) + 1).encode()

    archive = _with_ledger_entries(round_trip, tmp_path / "unbalanced.zip", raise_a_cent)
    # then it is refused by the ledger's rule (checked once over the loaded rows)
    refused(archive, r"break a rule of ledger: ledger transaction \d+ is not balanced")


def test_a_ledger_transaction_with_one_entry(
    round_trip: RoundTrip, db_outside_transactions: None, tmp_path: Path
) -> None:
    def drop_the_first(rows: list[list[bytes]], amount: int) -> None:
        del rows[0]

    archive = _with_ledger_entries(round_trip, tmp_path / "lonely.zip", drop_the_first)
    refused(archive, r"ledger transaction \d+ has 1 entries, at least 2 needed")


def test_the_ledger_rules_are_on_in_the_imported_town(round_trip: RoundTrip) -> None:
    # (the import switches the ledger's row-by-row triggers off while it loads)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = %s::regnamespace AND t.tgname LIKE 'ledger_%%' ORDER BY 1",
            [round_trip.target.schema_name],
        )
        triggers = dict(cursor.fetchall())
    assert triggers["ledger_entry_balanced"] == "O"  # (enabled)
    assert triggers["ledger_transaction_balanced"] == "O"
    assert set(triggers.values()) == {"O"}
