"""Town archives on the operator site and in the console (portal.operators.town_archives):
an operator exports a town by a task, follows its progress and downloads it through a
signed, expiring link only operators can open; a town administrator does the same where the
operator allows it; an operator imports an uploaded archive as a new town, all or nothing."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from portal.accounts.models import AuditEntry, User
from portal.continuity.archive import open_archive
from portal.operators import town_archives
from portal.operators.models import TownArchiveJob, TownAuditEntry
from tenants.models import Town
from tests.conftest import TownClient, host
from tests.factories import UserFactory
from tests.portal.continuity.conftest import drop_town, nothing_left

Job = TownArchiveJob
IMPORTED = "aus-dem-archiv"


@pytest.fixture(autouse=True)
def archive_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "town-archives"
    stores = {
        **settings.STORAGES,
        "town_archives": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    with override_settings(STORAGES=stores):
        yield folder


_started: dict[str, Any] = {}


@pytest.fixture(autouse=True)
def _mark_start() -> None:
    _started["at"] = timezone.now()


def _new_jobs() -> list[Job]:
    """The jobs this test made (the route harness's samples keep one of town A's)."""
    return list(Job.objects.filter(created_at__gte=_started["at"]))


def _stored_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _download_links(page: str) -> list[str]:
    return re.findall(r'href="(/(?:manage/archive|archives)/[^"/]+/)" download', page)


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


# --- the operator's export -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_operator_exports_a_town_and_downloads_it_through_an_expiring_link(
    operator_client: TownClient, town_a: Town, archive_dir: Path, tmp_path: Path
) -> None:
    # given an operator on the town's archive page
    page = operator_client.get(f"/towns/{town_a.slug}/export/")
    assert page.status_code == 200
    assert _download_links(page.content.decode()) == []
    # when they ask for an archive (the task runs at once here)
    response = operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "export"})
    assert response.status_code == 302
    # then the job is done, its archive stored privately, and the page links to it
    job = Job.objects.get(town=town_a)
    assert (job.kind, job.status, job.requested_by_email) == ("export", "done", "op@lq.example")
    assert job.expires_at - job.finished_at == timedelta(hours=48)
    assert _stored_files(archive_dir) == [archive_dir / job.file]
    links = _download_links(operator_client.get(response["Location"]).content.decode())
    assert len(links) == 1
    # and the link gives the whole town as an attachment nobody caches
    download = operator_client.get(links[0])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "private, no-store"
    assert f'filename="lq-{town_a.slug}-' in download["Content-Disposition"]
    saved = tmp_path / "downloaded.zip"
    saved.write_bytes(_body(download))
    with open_archive(saved) as archive:  # (checks every member's checksum)
        assert archive.manifest["town"]["slug"] == town_a.slug
        assert "accounts_user" in archive.tables
    # and the operator's record of the town says who asked for it and who downloaded it
    assert list(
        TownAuditEntry.objects.filter(town=town_a)
        .order_by("pk")
        .values_list("action", "operator_email")
    ) == [("exported", "op@lq.example"), ("downloaded", "op@lq.example")]
    # and the link is nothing once it is old
    with override_settings(LQ_TOWN_ARCHIVE_LINK_SECONDS=-1):
        assert operator_client.get(links[0]).status_code == 404
    # nor when changed
    assert operator_client.get(links[0][:-3] + "xx/").status_code == 404
    # nor without an operator's session
    operator_client.post("/logout/")
    response = operator_client.get(links[0])
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db(transaction=True)
def test_the_archive_goes_when_its_time_is_over(
    operator_client: TownClient, town_a: Town, archive_dir: Path
) -> None:
    # given a finished export
    operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "export"})
    job = Job.objects.get(town=town_a)
    links = _download_links(operator_client.get(f"/towns/{town_a.slug}/export/").content.decode())
    # when its time is over and the hourly cleanup runs
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert town_archives.remove_expired() == 1
    # then the file is gone, the job says so, and the link (still fresh) opens nothing
    job.refresh_from_db()
    assert (job.status, job.file) == ("expired", "")
    assert _stored_files(archive_dir) == []
    assert operator_client.get(links[0]).status_code == 404
    assert town_archives.remove_expired() == 0


@pytest.mark.django_db(transaction=True)
def test_a_failed_export_says_so_and_leaves_no_file(
    operator_client: TownClient, town_a: Town, archive_dir: Path, monkeypatch: Any
) -> None:
    # given an export that breaks midway
    def broken(**kwargs: Any) -> None:
        kwargs["path"].write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("portal.continuity.export.export_town", broken)
    # when the operator asks for it
    operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "export"})
    # then the job failed with words for people (the cause is in the log), no file is left
    job = Job.objects.get(town=town_a)
    assert job.status == "failed"
    assert "unexpected error" in job.error
    assert "disk full" not in job.error
    assert _stored_files(archive_dir) == []
    page = operator_client.get(f"/towns/{town_a.slug}/export/").content.decode()
    assert "Failed:" in page
    assert _download_links(page) == []
    # and a new export may be asked for at once
    monkeypatch.undo()
    operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "export"})
    assert Job.objects.filter(town=town_a, status="done").count() == 1


def test_one_export_of_a_town_at_a_time_and_its_progress_is_shown(
    operator_client: TownClient, town_a: Town, town_b: Town
) -> None:
    # given an export of town A waiting for the worker (the task is queued on commit, which
    # this rolled-back test never reaches)
    operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "export"})
    job = Job.objects.get(town=town_a)
    assert job.status == "queued"
    # when another is asked for
    response = operator_client.post(
        f"/towns/{town_a.slug}/export/", {"action": "export"}, follow=True
    )
    # then it is refused with words, and only the first exists; town B may export meanwhile
    assert "already being prepared" in response.content.decode()
    assert Job.objects.filter(town=town_a).count() == 1
    operator_client.post(f"/towns/{town_b.slug}/export/", {"action": "export"})
    assert Job.objects.filter(town=town_b).count() == 1
    # and while it runs the page shows how far it is and updates itself
    Job.objects.filter(pk=job.pk).update(status="running")
    town_archives._Reporter(job)("tables", 57, 120)
    page = operator_client.get(f"/towns/{town_a.slug}/export/").content.decode()
    assert "Tables: 57 of 120" in page
    assert '<progress max="120" value="57"' in page
    assert 'data-open="true"' in page
    # and a job its worker lost is failed after a while, so a new one can start
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=7))
    operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "export"})
    job.refresh_from_db()
    assert job.status == "failed"
    assert Job.objects.filter(town=town_a, status="queued").count() == 1
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_is_failed_by_the_hourly_sweep_and_stays_failed(
    operator_client: TownClient, town_a: Town, archive_dir: Path, monkeypatch: Any
) -> None:
    # given an export that was taken by a worker which then died (a deploy, a lost message)
    monkeypatch.setattr(
        "portal.operators.tasks.run_town_archive_job.apply_async", lambda *a, **k: None
    )
    operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "export"})
    job = Job.objects.get(town=town_a)
    Job.objects.filter(pk=job.pk).update(
        status="running", created_at=timezone.now() - timedelta(hours=3)
    )
    # when the hourly cleanup runs
    town_archives.remove_expired()
    # then the job failed with words for people, and the town may export again
    job.refresh_from_db()
    assert job.status == "failed"
    assert "without finishing" in job.error
    # and a late end of that worker changes nothing
    assert not town_archives._finish(job, status="done", file="late.zip")
    job.refresh_from_db()
    assert (job.status, job.file) == ("failed", "")


def test_the_console_shows_the_progress_the_task_reports(
    town_a: Town, operator_client: TownClient
) -> None:
    # given an export of town A running, its task reporting from the public schema
    Town.objects.filter(pk=town_a.pk).update(admin_may_export=True)
    operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "export"})
    job = Job.objects.get(town=town_a)
    Job.objects.filter(pk=job.pk).update(status="running")
    town_archives._Reporter(job)("media", 3, 8)
    # when an administrator of A opens the console's page (in A's schema)
    client, _admin = _admin_client(town_a)
    page = client.get("/manage/archive/").content.decode()
    # then they see how far it is, as the operator does, and the table updates itself
    assert "Files: 3 of 8" in page
    assert '<progress max="8" value="3"' in page
    assert 'data-open="true"' in page
    assert "Files: 3 of 8" in operator_client.get(f"/towns/{town_a.slug}/export/").content.decode()
    cache.clear()


def test_only_operators_reach_the_archive_pages(public_client: TownClient, town_a: Town) -> None:
    # anonymous visitors are asked to log in; a signed-in non-operator is refused
    for path in (f"/towns/{town_a.slug}/export/", "/towns/import/", "/archives/x/"):
        response = public_client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    person = User.objects.create_user("someone@lq.example", "pw-123456789", full_name="S")
    public_client.force_login(person)
    assert public_client.get(f"/towns/{town_a.slug}/export/").status_code == 403
    assert (
        public_client.post(f"/towns/{town_a.slug}/export/", {"action": "export"}).status_code == 403
    )
    assert not _new_jobs()
    # and a fresh download link is nothing in the hands of someone who is not an operator
    now = timezone.now()
    job = Job.objects.create(
        kind="export",
        town=town_a,
        slug=town_a.slug,
        requested_from="operator",
        requested_by_email="op@lq.example",
        status="done",
        file=town_archives.archive_storage().save("exports/x.zip", io.BytesIO(b"PK")),
        finished_at=now,
        expires_at=now + timedelta(hours=1),
    )
    token = town_archives.download_token(job, schema="public")
    assert public_client.get(f"/archives/{token}/").status_code == 403
    assert not TownAuditEntry.objects.filter(action="downloaded").exists()


def test_the_town_list_links_every_town_to_its_archive_page(
    operator_client: TownClient, town_a: Town
) -> None:
    page = operator_client.get("/").content.decode()
    assert f'href="/towns/{town_a.slug}/export/"' in page
    assert 'href="/towns/import/"' in page


# --- the town administrator's export ---------------------------------------------------------


def _admin_client(town: Town) -> tuple[TownClient, User]:
    client = TownClient(HTTP_HOST=host(town.slug))
    client.cookies["django_language"] = "en"
    with tenant_context(town):
        admin = UserFactory(town_admin=True, full_name="Ada Admin")
        client.force_login(admin)
    return client, admin


def test_a_town_administrator_cannot_export_unless_the_operator_allows_it(
    town_a: Town,
) -> None:
    client, _admin = _admin_client(town_a)
    # given a town whose operator has not allowed it
    page = client.get("/manage/archive/")
    assert page.status_code == 200
    assert "has not allowed" in page.content.decode()
    assert "Make an archive" not in page.content.decode()
    # when the administrator posts anyway, then it is refused and nothing is queued
    assert client.post("/manage/archive/").status_code == 403
    assert not _new_jobs()
    # and a moderator does not reach the page at all
    with tenant_context(town_a):
        moderator = UserFactory(moderator=True)
        client.force_login(moderator)
    assert client.get("/manage/archive/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_where_allowed_a_town_administrator_exports_and_only_they_download(
    operator_client: TownClient, town_a: Town, town_b: Town
) -> None:
    # given the operator allows town A's administrators to export
    operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "allow"})
    assert Town.objects.get(pk=town_a.pk).admin_may_export
    client, admin = _admin_client(town_a)
    # when an administrator of A makes an archive in the console
    response = client.post("/manage/archive/")
    assert response.status_code == 302
    # then it is done, audited in the town, and their page links to it
    job = Job.objects.get(town=town_a)
    assert (job.requested_from, job.requested_by_email, job.status) == (
        "console",
        admin.email,
        "done",
    )
    with tenant_context(town_a):
        assert AuditEntry.objects.filter(action="town_archive_requested", actor=admin).exists()
    links = _download_links(client.get("/manage/archive/").content.decode())
    assert len(links) == 1
    download = client.get(links[0])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    with tenant_context(town_a):
        assert AuditEntry.objects.filter(action="town_archive_downloaded", actor=admin).exists()
    # and the same link opens neither in town B's console (signed for A), whose page does not
    # list A's export, nor on the operator site (which offers its own link to it)
    other, _b_admin = _admin_client(town_b)
    token = links[0].split("/")[-2]
    assert other.get(f"/manage/archive/{token}/").status_code == 404
    assert _download_links(other.get("/manage/archive/").content.decode()) == []
    assert str(job.public_id) not in other.get("/manage/archive/").content.decode()
    assert operator_client.get(f"/archives/{token}/").status_code == 404
    operator_links = _download_links(
        operator_client.get(f"/towns/{town_a.slug}/export/").content.decode()
    )
    assert len(operator_links) == 1 and operator_links != links
    assert operator_client.get(operator_links[0]).status_code == 200
    # and when the operator withdraws the permission, no new one can be made, and the
    # archive made in the console no longer downloads there, not even by a fresh link
    operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "forbid"})
    assert client.post("/manage/archive/").status_code == 403
    assert Job.objects.filter(town=town_a).count() == 1
    assert client.get(links[0]).status_code == 404
    assert _download_links(client.get("/manage/archive/").content.decode()) == []
    # and both changes of the permission are on the operator's record
    actions = set(TownAuditEntry.objects.filter(town=town_a).values_list("action", flat=True))
    assert {"export_allowed", "export_forbidden", "exported", "downloaded"} <= actions


# --- the operator's import -------------------------------------------------------------------


@pytest.fixture
def archive_of_a(town_a: Town, operator_client: TownClient) -> bytes:
    operator_client.post(f"/towns/{town_a.slug}/export/", {"action": "export"})
    links = _download_links(operator_client.get(f"/towns/{town_a.slug}/export/").content.decode())
    return _body(operator_client.get(links[0]))


@pytest.mark.django_db(transaction=True)
def test_an_operator_imports_an_uploaded_archive_as_a_new_town(
    operator_client: TownClient, town_a: Town, archive_of_a: bytes, archive_dir: Path
) -> None:
    drop_town(IMPORTED)
    try:
        # when an operator uploads town A's archive under a new address
        upload = io.BytesIO(archive_of_a)
        upload.name = "a.zip"
        response = operator_client.post(
            "/towns/import/", {"archive": upload, "slug": IMPORTED, "name": "Neu-Stadt"}
        )
        assert response.status_code == 302
        # then the town exists with A's accounts, the job says so, the upload is gone
        job = Job.objects.get(kind="import")
        assert (job.status, job.slug, job.error) == ("done", IMPORTED, "")
        town = Town.objects.get(slug=IMPORTED)
        assert (job.town_id, town.name) == (town.pk, "Neu-Stadt")
        with tenant_context(town_a):
            emails = set(User.objects.values_list("email", flat=True))
        with tenant_context(town):
            assert set(User.objects.values_list("email", flat=True)) == emails
        connection.set_schema_to_public()
        assert [p for p in _stored_files(archive_dir) if "incoming" in p.parts] == []
        page = operator_client.get("/towns/import/").content.decode()
        assert "has been created at the address" in page
        # and the same address again is refused on the form, nothing queued
        again = io.BytesIO(archive_of_a)
        again.name = "a.zip"
        refused = operator_client.post("/towns/import/", {"archive": again, "slug": IMPORTED})
        assert refused.status_code == 400
        assert "already taken" in refused.content.decode()
        assert Job.objects.filter(kind="import").count() == 1
    finally:
        drop_town(IMPORTED)


@pytest.mark.django_db(transaction=True)
def test_a_broken_upload_is_refused_with_its_reason_and_nothing_is_created(
    operator_client: TownClient, archive_of_a: bytes, archive_dir: Path
) -> None:
    # given an archive cut short
    upload = io.BytesIO(archive_of_a[: len(archive_of_a) // 2])
    upload.name = "a.zip"
    # when it is uploaded
    operator_client.post("/towns/import/", {"archive": upload, "slug": IMPORTED})
    # then the job failed with the archive's reason, and nothing of the town exists
    job = Job.objects.get(kind="import")
    assert job.status == "failed"
    assert "not a complete ZIP file" in job.error
    nothing_left(IMPORTED)
    assert [p for p in _stored_files(archive_dir) if "incoming" in p.parts] == []
    assert "not a complete ZIP file" in operator_client.get("/towns/import/").content.decode()


def test_the_import_form_wants_a_file(operator_client: TownClient, archive_dir: Path) -> None:
    response = operator_client.post("/towns/import/", {"slug": IMPORTED})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not _new_jobs()
    assert _stored_files(archive_dir) == []
