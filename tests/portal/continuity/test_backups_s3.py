"""The backups on an S3-compatible bucket: the production storage (settings/backup_bucket.py,
django-storages and boto3 as they are) against moto's S3 server on 127.0.0.1."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.management import call_command
from django.test import override_settings
from moto.server import ThreadedMotoServer

from portal.continuity import backups
from portal.continuity.backups import apply_retention, back_up_town, backups_of
from portal.settings.backup_bucket import s3_backups_storage
from tests.portal.continuity.conftest import RoundTrip, in_own_connection

ROOT = Path(__file__).resolve().parents[3]
REGION = "eu-central-1"
PREFIX = "town-backups"
# Fake credentials, and nothing that could send boto3 elsewhere: no profile or config
# file, no instance metadata (169.254.169.254) probed for credentials.
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "lq-test-key",
    "AWS_SECRET_ACCESS_KEY": "lq-test-secret",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
AWS_UNSET = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE")


LOOPBACK_GUARD = """
import socket
_connect = socket.socket.connect
def _loopback_only(self, address):
    if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1"):
        raise AssertionError(f"a backup test connected to {address}, not to this machine")
    return _connect(self, address)
socket.socket.connect = _loopback_only
"""


@pytest.fixture(autouse=True, scope="module")
def _loopback_only() -> Iterator[None]:
    """Every connection this module's tests make (boto3's, the server's) goes to 127.0.0.1."""
    original = socket.socket.connect
    exec(LOOPBACK_GUARD, {})  # noqa: S102 (our own code, also run by the child below)
    yield
    socket.socket.connect = original


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: Any  # boto3's S3 client, to look at the bucket apart from the storage

    def object_keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(entry["Key"] for entry in listed.get("Contents", ()))

    def storages(self) -> dict[str, Any]:
        """STORAGES with the production settings' bucket storage, on this bucket."""
        from django.conf import settings

        backups_storage = s3_backups_storage(
            bucket=self.name, endpoint_url=self.endpoint, region=REGION, prefix=PREFIX
        )
        return {**settings.STORAGES, "backups": backups_storage}


@pytest.fixture(scope="module")
def bucket() -> Iterator[Bucket]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in AWS_ENV.items():
            patch.setenv(name, value)
        for name in AWS_UNSET:
            patch.delenv(name, raising=False)
        # (one line per request otherwise, in every failing test's report)
        patch.setattr(logging.getLogger("werkzeug"), "level", logging.WARNING)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            endpoint = f"http://{host}:{port}"
            client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION)
            # (moto's state outlives a server in this process: a new bucket each time)
            name = f"lq-backups-{uuid.uuid4().hex[:12]}"
            client.create_bucket(
                Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
            )
            yield Bucket(name, endpoint, client)
        finally:
            server.stop()


@pytest.fixture
def in_bucket(bucket: Bucket) -> Iterator[Bucket]:
    """STORAGES["backups"] is the bucket (override_settings resets Django's storages cache)."""
    with override_settings(STORAGES=bucket.storages()):
        storage = backups.backup_storage()
        assert storage.__class__.__name__ == "S3Storage"
        assert storage.endpoint_url == bucket.endpoint  # (127.0.0.1: no real endpoint)
        yield bucket


def _at(day: int) -> datetime:
    return datetime(2026, 11, day, 2, 41, tzinfo=UTC)


@pytest.fixture(scope="module")
def first_backup(round_trip: RoundTrip, bucket: Bucket, django_db_blocker: Any) -> str:
    with django_db_blocker.unblock(), override_settings(STORAGES=bucket.storages()):
        made = in_own_connection(back_up_town, town=round_trip.source, now=_at(3))
    return str(made.name)


@pytest.mark.django_db
def test_a_backup_lands_in_the_bucket_private_and_the_drill_restores_it(
    round_trip: RoundTrip, first_backup: str, in_bucket: Bucket
) -> None:
    slug = round_trip.source.slug
    # then the backup is a town archive under the prefix, the town and the time
    assert first_backup == f"{slug}/20261103T024100Z.zip"
    key = f"{PREFIX}/{first_backup}"
    assert in_bucket.object_keys() == [key]
    body = in_bucket.client.get_object(Bucket=in_bucket.name, Key=key)["Body"].read()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert "manifest.json" in archive.namelist()
    # and the object is private: its owner alone has a grant, nobody else (no public ACL)
    acl = in_bucket.client.get_object_acl(Bucket=in_bucket.name, Key=key)
    assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"]
    assert acl["Grants"][0]["Grantee"]["ID"] == acl["Owner"]["ID"]
    # and the listing finds it (a bucket has no folder for exists()), and nothing of a town
    # without backups, nor of one whose slug only begins the same
    assert [b.name for b in backups_of(slug)] == [first_backup]
    assert backups_of("niemand") == []
    assert backups_of(slug[:-1]) == []
    # when the drill runs, then it restored that backup, every table OK
    out = in_own_connection(_drill_out, slug=slug)
    assert f"with {first_backup}:" in out
    assert "OK: " in out and " 0 tables of the live town changed since" in out
    # and the bucket holds what it held
    assert in_bucket.object_keys() == [key]


def _drill_out(*, slug: str) -> str:
    out = io.StringIO()
    call_command("town", "drill", slug, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_retention_deletes_exactly_the_backups_it_does_not_keep(
    round_trip: RoundTrip, first_backup: str, in_bucket: Bucket, settings: Any
) -> None:
    slug = round_trip.source.slug
    settings.LQ_BACKUP_KEEP_DAILY = 2
    settings.LQ_BACKUP_KEEP_WEEKLY = 0
    # given two older backups besides the first (3 November), another file in the town's
    # "folder", and a backup of a town whose slug begins with this one's
    source = {"Bucket": in_bucket.name, "Key": f"{PREFIX}/{first_backup}"}
    others = [
        f"{PREFIX}/{slug}/20261101T024100Z.zip",
        f"{PREFIX}/{slug}/20261102T024100Z.zip",
        f"{PREFIX}/{slug}/notes.txt",
        f"{PREFIX}/{slug}x/20261101T024100Z.zip",
    ]
    for key in others:
        in_bucket.client.copy_object(CopySource=source, Bucket=in_bucket.name, Key=key)
    try:
        # when retention runs
        deleted = apply_retention(slug)
        # then only the oldest backup of this town is gone
        assert deleted == [f"{slug}/20261101T024100Z.zip"]
        assert in_bucket.object_keys() == sorted(
            [f"{PREFIX}/{first_backup}", *others[1:]]  # (the 1st of November is others[0])
        )
        assert [b.name for b in backups_of(slug)] == [
            first_backup,
            f"{slug}/20261102T024100Z.zip",
        ]
    finally:
        for key in others:
            in_bucket.client.delete_object(Bucket=in_bucket.name, Key=key)


# The archive is streamed both ways: measured in a process of its own (this one runs the S3
# server, which holds what it is sent), by tracemalloc's peak over an upload and a download
# of an archive-sized file of 48 MiB.
STREAMING = """
import json, os, sys, tempfile, tracemalloc
from pathlib import Path
import django
django.setup()
from django.conf import settings
from django.core.files import File
from django.test import override_settings
from portal.continuity import backups
from portal.settings.backup_bucket import s3_backups_storage

def storages(**options):
    bucket = s3_backups_storage(bucket=sys.argv[1], endpoint_url=sys.argv[2], region=sys.argv[3], prefix="streamed")
    bucket["OPTIONS"].update(options)
    return {**settings.STORAGES, "backups": bucket}

folder = Path(tempfile.mkdtemp())
source, copy = folder / "town.zip", folder / "copy.zip"
with source.open("wb") as handle:
    for _ in range(48):
        handle.write(os.urandom(1 << 20))
peaks = {}
with override_settings(STORAGES=storages()):
    backups.backups_of("big")  # (boto3 loads its service models once: not measured)
    tracemalloc.start()
    with source.open("rb") as handle:
        name = backups.backup_storage().save("big/20261101T024100Z.zip", File(handle))
    peaks["upload"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    backups.fetch_backup(name, copy)
    peaks["download"] = tracemalloc.get_traced_memory()[1]
peaks["same"] = source.read_bytes() == copy.read_bytes()
copy.unlink()
# django-storages' default: a read is never spooled to disk
with override_settings(STORAGES=storages(max_memory_size=0)):
    tracemalloc.reset_peak()
    backups.fetch_backup(name, copy)
    peaks["download_unspooled"] = tracemalloc.get_traced_memory()[1]
    backups.backup_storage().delete(name)
print(json.dumps(peaks))
"""


def test_a_backup_is_streamed_to_and_from_the_bucket_in_pieces(bucket: Bucket) -> None:
    mib = 1 << 20
    result = subprocess.run(  # noqa: S603 (a constant program)
        [sys.executable, "-c", LOOPBACK_GUARD + STREAMING, bucket.name, bucket.endpoint, REGION],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in AWS_UNSET},
            **AWS_ENV,
            "PYTHONPATH": f"{ROOT / 'platform'}:{ROOT}",
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    peaks = json.loads(result.stdout.splitlines()[-1])
    print("tracemalloc peaks:", peaks)
    assert peaks["same"] is True
    # then neither way held more than one part of 8 MiB and some (a third of the archive)
    assert peaks["upload"] < 16 * mib, peaks
    assert peaks["download"] < 16 * mib, peaks
    # and the measure can fail: a storage that reads into memory holds the whole archive
    assert peaks["download_unspooled"] > 48 * mib, peaks
    # and nothing is left in the bucket
    assert not [key for key in bucket.object_keys() if key.startswith("streamed/")]


@pytest.mark.django_db
def test_a_town_archive_in_the_bucket_is_handed_out_as_a_signed_expiring_address(
    bucket: Bucket, town_a: Any
) -> None:
    from urllib.error import HTTPError
    from urllib.request import urlopen

    from django.utils import timezone

    from portal.operators import town_archives
    from portal.operators.archive_pages import archive_response
    from portal.operators.models import TownArchiveJob

    archives = s3_backups_storage(
        bucket=bucket.name, endpoint_url=bucket.endpoint, region=REGION, prefix="town-archives"
    )
    with override_settings(STORAGES={**bucket.storages(), "town_archives": archives}):
        # given a finished export stored in the bucket (as production stores it)
        name = town_archives.archive_storage().save(
            "exports/alpha/x.zip", io.BytesIO(b"PK-archive-bytes")
        )
        job = TownArchiveJob(
            kind="export",
            town=town_a,
            slug="alpha",
            status="done",
            file=name,
            finished_at=timezone.now(),
            requested_from="operator",
        )
        # when it is downloaded, then the answer sends the browser to the bucket, signed
        response = archive_response(job)
        assert response.status_code == 302
        assert response["Cache-Control"] == "private, no-store"
        signed = response["Location"]
        assert signed.startswith(f"{bucket.endpoint}/{bucket.name}/town-archives/exports/")
        assert "Signature=" in signed and "Expires=" in signed
        # and that address gives the archive as an attachment with its name
        with urlopen(signed) as fetched:  # noqa: S310 (moto on 127.0.0.1)
            assert fetched.read() == b"PK-archive-bytes"
            assert fetched.headers["Content-Disposition"] == (
                f'attachment; filename="{town_archives.download_name(job)}"'
            )
        # and the address without its signature gives nothing
        with pytest.raises(HTTPError) as refused:
            urlopen(signed.split("?")[0])  # noqa: S310
        assert refused.value.code == 403
