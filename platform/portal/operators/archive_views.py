"""The operator site's town archives: export a town, download it, import one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tenants.utils import get_public_schema_name

from tenants.models import Town
from tenants.selectors import towns

from . import town_archives
from .forms import TownImportForm
from .models import TownArchiveJob
from .views import operator_required

JOBS_SHOWN = 10


def _email(request: HttpRequest) -> str:
    return str(getattr(request.user, "email", "") or "")


def job_rows(jobs: list[TownArchiveJob]) -> list[dict[str, Any]]:
    """What the pages show of each job: its progress while open, its link once done."""
    rows = []
    for job in jobs:
        row: dict[str, Any] = {"job": job, "progress": None, "token": None}
        if job.is_open:
            row["progress"] = town_archives.progress_of(job)
        elif job.is_downloadable:
            row["token"] = town_archives.download_token(job)
        rows.append(row)
    return rows


def any_open(jobs: list[TownArchiveJob]) -> bool:
    return any(job.is_open for job in jobs)


def archive_times() -> dict[str, int]:
    return {
        "keep_hours": settings.LQ_TOWN_ARCHIVE_KEEP_HOURS,
        "link_minutes": settings.LQ_TOWN_ARCHIVE_LINK_SECONDS // 60,
    }


@operator_required
@require_http_methods(["GET", "POST"])
def town_archive(request: HttpRequest, slug: str) -> HttpResponse:
    """A town's exports: make one, follow its progress, download it; and whether the town's
    administrators may export the town themselves."""
    town = get_object_or_404(towns(), slug=slug)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "export":
            try:
                town_archives.request_export(
                    town=town,
                    by_email=_email(request),
                    requested_from=TownArchiveJob.RequestedFrom.OPERATOR,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("The archive of %(name)s is being made. This page shows how far it is.")
                    % {"name": town.name},
                )
        elif action in {"allow", "forbid"}:
            Town.objects.filter(pk=town.pk).update(admin_may_export=action == "allow")
            if action == "allow":
                done = _("The administrators of %(name)s may now export the town themselves.")
            else:
                done = _("Only the operator site can export %(name)s now.")
            messages.success(request, done % {"name": town.name})
        else:
            raise Http404
        return redirect("operators:town_archive", slug=town.slug)
    jobs = list(
        TownArchiveJob.objects.filter(town=town, kind=TownArchiveJob.Kind.EXPORT)[:JOBS_SHOWN]
    )
    return render(
        request,
        "operators/town_archive.html",
        {"town": town, "rows": job_rows(jobs), "refresh": any_open(jobs), **archive_times()},
    )


@operator_required
@require_http_methods(["GET"])
def download(request: HttpRequest, token: str) -> HttpResponseBase:
    """The archive behind a fresh link shown on the operator site; a 404 otherwise."""
    job = town_archives.job_for_download(token, schema=get_public_schema_name())
    if job is None:
        raise Http404
    return archive_response(job)


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
                "ResponseCacheControl": "private, no-store",
            },
        )
        redirect_to = HttpResponseRedirect(signed)
        redirect_to["Cache-Control"] = "private, no-store"
        return redirect_to
    try:
        handle = storage.open(job.file, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@operator_required
@require_http_methods(["GET", "POST"])
def import_archive(request: HttpRequest) -> HttpResponse:
    """Upload a town archive and have it read in as a new town; the last imports."""
    form = TownImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            town_archives.request_import(
                upload=data["archive"],
                slug=data["slug"],
                name=data["name"],
                by_email=_email(request),
            )
        except ValidationError as exc:
            form.add_error("slug" if exc.code != "job_open" else None, exc)
        else:
            messages.success(
                request, _("The archive is being read in. This page shows how far it is.")
            )
            return redirect("operators:import_archive")
    jobs = list(TownArchiveJob.objects.filter(kind=TownArchiveJob.Kind.IMPORT)[:JOBS_SHOWN])
    return render(
        request,
        "operators/import_archive.html",
        {"form": form, "rows": job_rows(jobs), "refresh": any_open(jobs)},
        status=400 if request.method == "POST" else 200,
    )
