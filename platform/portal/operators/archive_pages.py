"""What the pages of town archives share (the operator site's and the town console's): the
rows of the job table with their progress and download links, and the download itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponseRedirect
from django.http.response import HttpResponseBase

from portal.files import PRIVATE_CACHE, file_response

from . import town_archives
from .models import TownArchiveJob


def job_rows(jobs: Iterable[TownArchiveJob], *, schema: str) -> list[dict[str, Any]]:
    """Each job with its progress while open, and its download link where the page of
    `schema` may download it."""
    rows = []
    for job in jobs:
        row: dict[str, Any] = {"job": job, "progress": None, "token": None}
        if job.is_open:
            row["progress"] = town_archives.progress_of(job)
        elif town_archives.may_download_in(job, schema):
            row["token"] = town_archives.download_token(job, schema=schema)
        rows.append(row)
    return rows


def page_context(jobs: list[TownArchiveJob], *, schema: str) -> dict[str, Any]:
    return {
        "rows": job_rows(jobs, schema=schema),
        "refresh": any(job.is_open for job in jobs),
        "keep_hours": settings.LQ_TOWN_ARCHIVE_KEEP_HOURS,
        "link_minutes": settings.LQ_TOWN_ARCHIVE_LINK_SECONDS // 60,
    }


def archive_response(job: TownArchiveJob) -> HttpResponseBase:
    """The archive as an attachment nobody caches. From a bucket it is a redirect to a
    signed address of the bucket valid for minutes (the storage's querystring_expire): the
    web process never streams gigabytes past its request timeout."""
    storage = town_archives.archive_storage()
    filename = town_archives.download_name(job)
    if not isinstance(storage, FileSystemStorage):
        # (S3Storage.url takes the signed request's parameters; Django's Storage does not)
        sign: Any = storage.url
        signed = sign(
            job.file,
            parameters={
                "ResponseContentDisposition": f'attachment; filename="{filename}"',
                "ResponseContentType": "application/zip",
                "ResponseCacheControl": PRIVATE_CACHE,
            },
        )
        redirect_to = HttpResponseRedirect(signed)
        redirect_to["Cache-Control"] = PRIVATE_CACHE
        return redirect_to
    return file_response(
        job.file, cache_control=PRIVATE_CACHE, storage=storage, attachment_name=filename
    )
