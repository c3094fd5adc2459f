"""Town archives made and read by a task, for the operator site and the town's console.

An export (`request_export`) becomes a `TownArchiveJob`; a task (`run_job`) writes the
archive with `portal.continuity.export_town`, reporting its progress to the cache (the
export's snapshot transaction is read-only, so the row cannot carry it), and saves it to the
private "town_archives" storage. The archive is downloaded through a link signed for the
job, the place it was shown in (the operator site or the town's console) and a short time
(`download_token`), and only by whoever may open that place; the file and its link expire
after LQ_TOWN_ARCHIVE_KEEP_HOURS (`remove_expired`, hourly).

An import (`request_import`) saves an uploaded archive to the same storage and reads it in
with `portal.continuity.import_town` in the task, all or nothing; the uploaded file is
removed when the job ends, whatever the outcome.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from tenants import services as town_services
from tenants.models import Town
from tenants.signed_links import make_link_token, read_link_token

from .models import TownArchiveJob

logger = logging.getLogger(__name__)

Job = TownArchiveJob
LINK_PURPOSE = "town-archive"
# A job neither finished nor failed after this long died with its worker.
STALE_AFTER = timedelta(hours=6)
# The progress is written to the cache at most this often (and at the end of each step).
PROGRESS_EVERY = 0.5


def archive_storage() -> Storage:
    return storages["town_archives"]


# --- progress ----------------------------------------------------------------------------


def _progress_key(job: Job) -> str:
    return f"lq.town-archive.{job.public_id}"


def progress_of(job: Job) -> dict[str, Any] | None:
    """{"step", "done", "total"} of a running job, as its task last reported it."""
    found = cache.get(_progress_key(job))
    return found if isinstance(found, dict) else None


class _Reporter:
    def __init__(self, job: Job) -> None:
        self.key = _progress_key(job)
        self.last = 0.0

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        cache.set(self.key, {"step": step, "done": done, "total": total}, timeout=24 * 3600)


# --- asking ------------------------------------------------------------------------------


def _open_job_message() -> str:
    return _("This is already being prepared. Please wait until it has finished.")


def _fail_stale(kind: str, slug: str) -> None:
    now = timezone.now()
    Job.objects.filter(
        kind=kind,
        slug=slug,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        created_at__lt=now - STALE_AFTER,
    ).update(
        status=Job.Status.FAILED,
        error=_("The work stopped without finishing (the worker was restarted)."),
        finished_at=now,
        expires_at=now,
    )


def _create_job(**fields: Any) -> Job:
    _fail_stale(fields["kind"], fields["slug"])
    try:
        with transaction.atomic():
            return Job.objects.create(**fields)
    except IntegrityError as exc:
        # (the partial unique constraint: one open job per kind and address)
        raise ValidationError(_open_job_message(), code="job_open") from exc


@transaction.atomic
def request_export(*, town: Town, by_email: str, requested_from: str) -> Job:
    """Queue the export of `town`; refused while one of it is queued or running."""
    from portal.background import enqueue_on_commit

    from .tasks import run_town_archive_job

    if not town.is_town:
        raise ValidationError(_("Only towns can be exported."), code="not_a_town")
    job = _create_job(
        kind=Job.Kind.EXPORT,
        town=town,
        slug=town.slug,
        name=town.name,
        requested_from=requested_from,
        requested_by_email=by_email,
    )
    logger.info("Export of %s asked for by %s (%s)", town.slug, by_email, requested_from)
    enqueue_on_commit(run_town_archive_job, str(job.public_id))
    return job


def request_import(*, upload: IO[bytes], slug: str, name: str, by_email: str) -> Job:
    """Save the uploaded archive privately and queue its import as the town `slug` (empty:
    the archive's own address).

    An address asked for is checked now (one that is taken is refused at once, before the
    upload is stored); the archive itself is checked whole by the task."""
    from portal.background import enqueue_on_commit

    from .tasks import run_town_archive_job

    slug = town_services.normal_town_slug(slug)
    if slug:
        town_services.validate_town_slug(slug)
    stored = archive_storage().save("incoming/town.zip", File(upload, name="town.zip"))
    try:
        with transaction.atomic():
            job = _create_job(
                kind=Job.Kind.IMPORT,
                slug=slug,
                name=name,
                requested_from=Job.RequestedFrom.OPERATOR,
                requested_by_email=by_email,
                file=stored,
                size=archive_storage().size(stored),
            )
            enqueue_on_commit(run_town_archive_job, str(job.public_id))
    except BaseException:
        archive_storage().delete(stored)
        raise
    logger.info("Import as %s asked for by %s", slug, by_email)
    return job


# --- the task's work ---------------------------------------------------------------------


def run_job(public_id: str) -> Job | None:
    """Do a queued job (in the public schema); a job already taken is left alone."""
    with transaction.atomic():
        job = (
            Job.objects.select_for_update()
            .filter(public_id=public_id, status=Job.Status.QUEUED)
            .first()
        )
        if job is None:
            return None
        job.status = Job.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    try:
        if job.kind == Job.Kind.EXPORT:
            _export(job)
        else:
            _import(job)
    except Exception as exc:
        logger.exception("Town archive job %s (%s %s) failed", job.public_id, job.kind, job.slug)
        _finish(job, status=Job.Status.FAILED, error=_failure_text(exc))
        if job.kind == Job.Kind.IMPORT:
            _drop_file(job)
        return job
    return job


def _failure_text(exc: Exception) -> str:
    from portal.continuity.archive import ArchiveRefused

    if isinstance(exc, ArchiveRefused):
        return str(exc)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return _("An unexpected error stopped the work; it has been logged. Please try again.")


def _finish(job: Job, **fields: Any) -> None:
    now = timezone.now()
    fields.setdefault("expires_at", now + timedelta(hours=settings.LQ_TOWN_ARCHIVE_KEEP_HOURS))
    fields["finished_at"] = now
    for key, value in fields.items():
        setattr(job, key, value)
    job.save(update_fields=list(fields))
    cache.delete(_progress_key(job))


def _export(job: Job) -> None:
    from portal.continuity.export import export_town

    town = Town.objects.get(pk=job.town_id)
    reporter = _Reporter(job)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    with tempfile.TemporaryDirectory(prefix="lq-town-archive-") as folder:
        path = Path(folder) / "town.zip"
        export_town(town=town, path=path, progress=reporter)
        reporter("saving", 0, 1)
        with path.open("rb") as handle:
            name = f"exports/{town.slug}/{stamp}-{job.public_id.hex[:8]}.zip"
            stored = archive_storage().save(name, File(handle, name=name))
        size = path.stat().st_size
    _finish(job, status=Job.Status.DONE, file=stored, size=size)
    logger.info("Export of %s ready: %s, %d bytes", town.slug, stored, size)


def _import(job: Job) -> None:
    from portal.continuity.importing import import_town

    reporter = _Reporter(job)
    with tempfile.TemporaryDirectory(prefix="lq-town-import-") as folder:
        path = Path(folder) / "town.zip"
        with archive_storage().open(job.file, "rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
        town = import_town(
            path=path, slug=job.slug or None, name=job.name or None, progress=reporter
        )
    _drop_file(job)
    _finish(job, status=Job.Status.DONE, town=town, slug=town.slug, name=town.name, file="")
    logger.info("Import of %s done", town.slug)


def _drop_file(job: Job) -> None:
    if job.file:
        archive_storage().delete(job.file)


def remove_expired() -> int:
    """Delete the files of expired exports and mark them so; how many."""
    count = 0
    expired = Job.objects.filter(
        status__in=[Job.Status.DONE, Job.Status.FAILED], expires_at__lte=timezone.now()
    )
    for job in expired:
        _drop_file(job)
        job.status = Job.Status.EXPIRED
        job.file = ""
        job.save(update_fields=["status", "file"])
        count += 1
    return count


# --- the download link -------------------------------------------------------------------


def _link_schema(job: Job) -> str:
    # A console link is signed for the town, an operator link for the public schema: a link
    # shown in one place does not open in the other.
    if job.requested_from == Job.RequestedFrom.CONSOLE and job.town is not None:
        return str(job.town.schema_name)
    return str(get_public_schema_name())


def download_token(job: Job) -> str:
    return str(
        make_link_token(
            purpose=LINK_PURPOSE, payload={"job": str(job.public_id)}, schema=_link_schema(job)
        )
    )


def job_for_download(token: str, *, schema: str) -> Job | None:
    """The downloadable job the token was made for in `schema`, if the link is fresh."""
    data = read_link_token(
        purpose=LINK_PURPOSE,
        token=token,
        max_age=settings.LQ_TOWN_ARCHIVE_LINK_SECONDS,
        schema=schema,
    )
    if data is None or "job" not in data:
        return None
    job = Job.objects.select_related("town").filter(public_id=data["job"]).first()
    if job is None or not job.is_downloadable or _link_schema(job) != schema:
        return None
    return job


def download_name(job: Job) -> str:
    stamp = timezone.localtime(job.finished_at).strftime("%Y-%m-%d") if job.finished_at else ""
    return f"lq-{job.slug}-{stamp}.zip"
