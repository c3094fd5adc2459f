"""Per-town backups (portal.continuity.backups): storage, retention, the nightly task's
towns, and `manage.py town drill`."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from portal.continuity import backups
from portal.continuity.backups import back_up_town, backup_candidates, backups_of, kept
from tenants.models import Town
from tests.portal.continuity.conftest import RoundTrip, in_own_connection

# (DB tests only where marked: the retention rule is a pure function)


def _at(day: int, hour: int = 2) -> datetime:
    return datetime(2026, 11, day, hour, 41, tzinfo=UTC)


def test_retention_keeps_the_newest_of_each_recent_day_and_week() -> None:
    # given backups on every day of November 2026 (the 30th is a Monday), two on the 30th
    stamps = [_at(day) for day in range(1, 31)] + [_at(30, 14)]
    # when 3 days and 3 weeks are kept
    result = kept(stamps, daily=3, weekly=3)
    # then the newest of the 30th, 29th and 28th, and the newest of each of the last three
    # weeks (the 30th's own week, Sunday the 29th and Sunday the 22nd)
    assert result == {_at(30, 14), _at(29), _at(28), _at(22)}
    assert kept(stamps, daily=1, weekly=5) == {_at(30, 14), _at(29), _at(22), _at(15), _at(8)}
    # and nothing is kept when nothing is asked, the newest alone with one day
    assert kept(stamps, daily=0, weekly=0) == set()
    assert kept(stamps, daily=1, weekly=0) == {_at(30, 14)}
    # and a gap counts only the days that have a backup
    assert kept([_at(1), _at(10)], daily=2, weekly=0) == {_at(1), _at(10)}


@pytest.fixture(scope="module")
def backup_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("backups")


def _storages(folder: Path) -> dict[str, Any]:
    from django.conf import settings

    return {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }


@pytest.fixture
def in_backup_dir(backup_dir: Path) -> Iterator[Path]:
    with override_settings(STORAGES=_storages(backup_dir)):
        yield backup_dir


@pytest.fixture(scope="module")
def first_backup(round_trip: RoundTrip, backup_dir: Path, django_db_blocker: Any) -> str:
    with django_db_blocker.unblock(), override_settings(STORAGES=_storages(backup_dir)):
        made = in_own_connection(back_up_town, town=round_trip.source, now=_at(3))
    return str(made.name)


def _no_scratch_town() -> None:
    connection.set_schema_to_public()
    assert not Town.objects.filter(slug__startswith="drill-").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'town\\_drill\\_%%'")
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_backup_lands_in_the_storage_and_the_drill_restores_it(
    round_trip: RoundTrip, first_backup: str, in_backup_dir: Path
) -> None:
    slug = round_trip.source.slug
    # then the backup is a town archive in the storage's folder, under the town and time
    assert first_backup == f"{slug}/20261103T024100Z.zip"
    with zipfile.ZipFile(in_backup_dir / first_backup) as archive:
        assert "manifest.json" in archive.namelist()
    assert [b.name for b in backups_of(slug)] == [first_backup]
    # and a town without a folder there has none (the folder storage raises for it)
    assert backups_of("niemand") == []
    # when the drill runs
    out = in_own_connection(_drill_out, slug=slug)
    # then it restored that backup, every table OK, the live town unchanged since
    assert f"with {first_backup}:" in out
    assert "OK: " in out and " 0 tables of the live town changed since" in out
    assert "accounts_user" in out
    # and no scratch town or schema is left
    in_own_connection(_no_scratch_town)


def _drill_out(*, slug: str) -> str:
    out = io.StringIO()
    call_command("town", "drill", slug, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_a_tampered_latest_backup_fails_the_drill_and_leaves_nothing(
    round_trip: RoundTrip, first_backup: str, in_backup_dir: Path
) -> None:
    slug = round_trip.source.slug
    tampered = in_backup_dir / f"{slug}/20261104T024100Z.zip"
    # given a newer backup with one byte of the users' rows changed
    with (
        zipfile.ZipFile(in_backup_dir / first_backup) as source,
        zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.namelist():
            data = source.read(member)
            if member == "tables/accounts_user.copy":
                data = data.replace(b"@", b"#", 1)
            target.writestr(member, data)
    try:
        # when the drill runs, then it fails and says why
        with pytest.raises(CommandError, match=r"FAILED.*20261104T024100Z\.zip does not restore"):
            in_own_connection(_drill_out, slug=slug)
        # and no scratch town or schema is left
        in_own_connection(_no_scratch_town)
    finally:
        tampered.unlink()


@pytest.mark.django_db
def test_the_nightly_backup_leaves_out_suspended_and_archived_towns(town_a: Town) -> None:
    assert town_a in backup_candidates()
    for status in (Town.Status.SUSPENDED, Town.Status.ARCHIVED):
        Town.objects.filter(pk=town_a.pk).update(status=status)
        assert town_a not in backup_candidates()


@pytest.mark.django_db
def test_one_towns_failed_backup_is_logged_and_the_others_go_on(
    round_trip: RoundTrip,
    in_backup_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given a town whose schema is gone before the town that works
    broken = Town(slug="ohne-schema", schema_name="town_ohne_schema", name="Ohne Schema")
    monkeypatch.setattr(backups, "backup_candidates", lambda: [broken, round_trip.source])
    before = {b.name for b in backups_of(round_trip.source.slug)}
    # when the nightly task's work runs
    done, failed = in_own_connection(backups.back_up_all_towns)
    # then the broken town is logged and the other backed up
    assert (done, failed) == (1, 1)
    assert "The backup of town ohne-schema failed" in caplog.text
    added = {b.name for b in backups_of(round_trip.source.slug)} - before
    assert len(added) == 1
    for name in added:
        (in_backup_dir / name).unlink()


@pytest.mark.django_db
def test_town_backup_adds_a_backup_and_applies_retention(
    round_trip: RoundTrip, first_backup: str, in_backup_dir: Path, settings: Any
) -> None:
    slug = round_trip.source.slug
    settings.LQ_BACKUP_KEEP_DAILY = 2
    settings.LQ_BACKUP_KEEP_WEEKLY = 0
    # given two older backups besides the first one (3 November 2026)
    older = [f"{slug}/20261101T024100Z.zip", f"{slug}/20261102T024100Z.zip"]
    for name in older:
        (in_backup_dir / name).write_bytes((in_backup_dir / first_backup).read_bytes())
    # when an operator backs the town up now
    out = io.StringIO()
    in_own_connection(_call_backup, slug=slug, out=out)
    # then the new backup and the newest older one are kept, the others deleted
    names = [b.name for b in backups_of(slug)]
    assert len(names) == 2 and names[1] == first_backup
    assert f"as {names[0]}; 2 older backups deleted." in out.getvalue()
    # (the module's other tests find their first backup alone again)
    (in_backup_dir / names[0]).unlink()


def _call_backup(*, slug: str, out: io.StringIO) -> None:
    call_command("town", "backup", slug, stdout=out, stderr=io.StringIO())


def test_backups_are_stored_apart_from_the_media() -> None:
    from django.conf import settings

    backups_setting = settings.STORAGES["backups"]
    location = Path(backups_setting["OPTIONS"]["location"]).resolve()
    assert not location.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "base_url" not in backups_setting["OPTIONS"]
