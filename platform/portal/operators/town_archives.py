"""Town archives made and read by a task, for the operator site and the town's console.

An export (`request_export`) becomes a `TownArchiveJob`; a task (`run_job`) writes the
archive with `portal.continuity.export_town`, reporting its progress to the cache (the
export's snapshot transaction is read-only, so the row cannot carry it), and saves it to the
private "town_archives" storage. The archive is downloaded through a link signed for the
place it is shown in (the operator site, or the town's console for the exports made there)
and valid for LQ_TOWN_ARCHIVE_LINK_SECONDS (`download_token`), only by whoever may open that
place; the file expires after LQ_TOWN_ARCHIVE_KEEP_HOURS (`remove_expired`, hourly).

An import (`request_import`) saves an uploaded archive to the same storage and reads it in
with `portal.continuity.import_town` in the task, all or nothing; the uploaded file is
removed when the job ends, whatever the outcome.

Every request, download, import and change of the town administrators' permission is on
the operator's record of the town (`TownAuditEntry`). A job whose worker died (a deploy, a
lost message) is failed by the hourly sweep after STALE_AFTER, so its town is never blocked.
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

from portal.accounts.models import User
from tenants import services as town_services
from tenants.current import public_cache_keys
from tenants.models import Town
from tenants.signed_links import make_link_token, read_link_token

from .models import TownArchiveJob, TownAuditEntry

logger = logging.getLogger(__name__)

Job = TownArchiveJob
LINK_PURPOSE = "town-archive"
# A job neither finished nor failed after this long died with its worker (an export of a
# town of 10,000 residents takes seconds; ops/bench/town_export.py).
STALE_AFTER = timedelta(hours=2)
# The progress is written to the cache at most this often (and at the end of each step).
PROGRESS_EVERY = 0.5
OPEN = (Job.Status.QUEUED, Job.Status.RUNNING)


def archive_storage() -> Storage:
    return storages["town_archives"]


def _audit(
    town: Town | None, action: str, *, by_email: str, operator: User | None, reason: str
) -> None:
    if town is not None:
        TownAuditEntry.objects.create(
            town=town, operator=operator, operator_email=by_email, action=action, reason=reason
        )


# --- progress ----------------------------------------------------------------------------
# Kept under the public schema's keys: the task writes it from the public schema (an
# export) or from inside the new town (an import's load), the pages read it from the
# operator site or a town's console, and the cache's keys otherwise carry the current schema.


def _progress_key(job: Job) -> str:
    return f"lq.town-archive.{job.public_id}"


def progress_of(job: Job) -> dict[str, Any] | None:
    """{"step", "done", "total"} of a running job, as its task last reported it."""
    with public_cache_keys():
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
        with public_cache_keys():
            cache.set(self.key, {"step": step, "done": done, "total": total}, timeout=86400)


# --- asking ------------------------------------------------------------------------------


def _open_job_message() -> str:
    return _("This is already being prepared. Please wait until it has finished.")


def fail_stale_jobs() -> int:
    """Fail the jobs whose worker died (older than STALE_AFTER and still open); how many.
    An import's uploaded file goes with its job."""
    now = timezone.now()
    stale = list(Job.objects.filter(status__in=OPEN, created_at__lt=now - STALE_AFTER))
    for job in stale:
        failed = _finish(
            job,
            expected=job.status,
            status=Job.Status.FAILED,
            error=_("The work stopped without finishing (the worker was restarted)."),
        )
        if failed and job.kind == Job.Kind.IMPORT:
            _drop_file(job)
    return len(stale)


def _create_job(**fields: Any) -> Job:
    fail_stale_jobs()
    try:
        with transaction.atomic():
            return Job.objects.create(**fields)
    except IntegrityError as exc:
        # (the partial unique constraint: one open job per kind and address)
        raise ValidationError(_open_job_message(), code="job_open") from exc


@transaction.atomic
def request_export(
    *, town: Town, by_email: str, requested_from: str, operator: User | None = None
) -> Job:
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
    _audit(
        town,
        TownAuditEntry.Action.EXPORTED,
        by_email=by_email,
        operator=operator,
        reason=f"{job.get_requested_from_display()}: {job.public_id}",
    )
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
    logger.info("Import as %s asked for by %s", slug or "(the archive's address)", by_email)
    return job


@transaction.atomic
def set_admin_export(*, town: Town, allowed: bool, operator: User) -> None:
    """Allow or forbid the town's administrators to export the town themselves. Forbidding
    it also ends the downloads of the archives they made (the console checks it)."""
    locked = Town.objects.select_for_update().get(pk=town.pk)
    if locked.admin_may_export == allowed:
        return
    Town.objects.filter(pk=town.pk).update(admin_may_export=allowed)
    town.admin_may_export = allowed
    _audit(
        locked,
        TownAuditEntry.Action.EXPORT_ALLOWED if allowed else TownAuditEntry.Action.EXPORT_FORBIDDEN,
        by_email=operator.email or "",
        operator=operator,
        reason="-",
    )


def record_download(job: Job, *, by_email: str, operator: User | None = None) -> None:
    _audit(
        job.town,
        TownAuditEntry.Action.DOWNLOADED,
        by_email=by_email,
        operator=operator,
        reason=f"{job.get_requested_from_display()}: {job.public_id}",
    )


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


def _failure_text(exc: Exception) -> str:
    from portal.continuity.archive import ArchiveRefused

    if isinstance(exc, ArchiveRefused):
        return _("The archive was refused: %(reason)s") % {"reason": exc}
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return _("An unexpected error stopped the work; it has been logged. Please try again.")


def _finish(job: Job, *, expected: str = Job.Status.RUNNING, **fields: Any) -> bool:
    """Record the end of a job that is still `expected` (a job the sweep failed meanwhile
    stays failed); whether it was recorded."""
    now = timezone.now()
    fields.setdefault("expires_at", now + timedelta(hours=settings.LQ_TOWN_ARCHIVE_KEEP_HOURS))
    fields["finished_at"] = now
    done = bool(Job.objects.filter(pk=job.pk, status=expected).update(**fields))
    if done:
        for key, value in fields.items():
            setattr(job, key, value)
    with public_cache_keys():
        cache.delete(_progress_key(job))
    return done


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
    if not _finish(job, status=Job.Status.DONE, file=stored, size=size):
        archive_storage().delete(stored)  # (the sweep gave it up meanwhile)
        return
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
    uploaded = job.file
    _finish(job, status=Job.Status.DONE, town=town, slug=town.slug, name=town.name, file="")
    _audit(
        town,
        TownAuditEntry.Action.IMPORTED,
        by_email=job.requested_by_email,
        operator=User.objects.filter(email=job.requested_by_email, is_staff=True).first(),
        reason=str(job.public_id),
    )
    logger.info("Import of %s done", town.slug)
    try:
        archive_storage().delete(uploaded)
    except Exception:  # (the town is there; the sweep's next run tries again)
        logger.exception("The uploaded archive %s could not be deleted", uploaded)


def _drop_file(job: Job) -> None:
    if job.file:
        archive_storage().delete(job.file)


def remove_expired() -> int:
    """The hourly cleanup: fail the jobs whose worker died, delete the files whose time is
    over (one that cannot be deleted is logged and tried again next hour); how many files."""
    fail_stale_jobs()
    count = 0
    expired = Job.objects.filter(
        status__in=[Job.Status.DONE, Job.Status.FAILED], expires_at__lte=timezone.now()
    ).exclude(file="")
    for job in expired:
        try:
            _drop_file(job)
        except Exception:
            logger.exception("Could not delete the expired town archive %s", job.file)
            continue
        Job.objects.filter(pk=job.pk).update(
            file="", status=Job.Status.EXPIRED if job.kind == Job.Kind.EXPORT else job.status
        )
        count += 1
    return count


# --- the download link -------------------------------------------------------------------


def download_token(job: Job, *, schema: str) -> str:
    """A link to `job`'s archive for the page of `schema` (the public schema's operator
    site, or the town's console)."""
    return str(
        make_link_token(purpose=LINK_PURPOSE, payload={"job": str(job.public_id)}, schema=schema)
    )


def may_download_in(job: Job, schema: str) -> bool:
    """Operators download every export; a town's console only the ones made there, and
    only while the operator allows its administrators to export."""
    if not job.is_downloadable or job.town is None:
        return False
    if schema == get_public_schema_name():
        return True
    return (
        job.requested_from == Job.RequestedFrom.CONSOLE
        and str(job.town.schema_name) == schema
        and job.town.admin_may_export
    )


def job_for_download(token: str, *, schema: str) -> Job | None:
    """The job the token was made for on the page of `schema`, if the link is fresh and the
    archive may be downloaded there."""
    data = read_link_token(
        purpose=LINK_PURPOSE,
        token=token,
        max_age=settings.LQ_TOWN_ARCHIVE_LINK_SECONDS,
        schema=schema,
    )
    if data is None or "job" not in data:
        return None
    job = Job.objects.select_related("town").filter(public_id=data["job"]).first()
    if job is None or not may_download_in(job, schema):
        return None
    return job


def download_name(job: Job) -> str:
    stamp = timezone.localtime(job.finished_at).strftime("%Y-%m-%d") if job.finished_at else ""
    return f"lq-{job.slug}-{stamp}.zip"
