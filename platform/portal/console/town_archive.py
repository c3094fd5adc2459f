"""The console's "The whole town as an archive": where the operator allows it, the town's
administrators make and download the town archive themselves (portal.operators.town_archives).

The page exists for every town administrator; making an archive, and downloading one made
here, is refused unless the operator allows it for the town (`Town.admin_may_export`). The
page lists the operator's exports of the town too, without a link. A download link is signed
for this town and opens only for a town administrator here.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.accounts.audit import record_audit
from portal.operators import selectors, town_archives
from portal.operators.archive_pages import archive_response, page_context
from portal.operators.models import TownArchiveJob
from portal.requests import TownRequest
from tenants.models import Town

from .permissions import town_admin_required
from .views import render_console

JOBS_SHOWN = 5


@town_admin_required
@require_http_methods(["GET", "POST"])
def index(request: TownRequest) -> HttpResponse:
    # (read afresh: the operator may have just allowed or forbidden it)
    town = Town.objects.get(pk=request.tenant.pk)
    if request.method == "POST":
        if not town.admin_may_export:
            raise PermissionDenied(_("Your operator has not allowed exporting the whole town."))
        try:
            with transaction.atomic():
                job = town_archives.request_export(
                    town=town,
                    by_email=request.user.email or "",
                    requested_from=TownArchiveJob.RequestedFrom.CONSOLE,
                )
                record_audit(
                    actor=request.user,
                    action="town_archive_requested",
                    detail={"job": str(job.public_id)},
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The archive is being made. This page shows how far it is.")
            )
        return redirect("console:town_archive")
    jobs = selectors.town_exports(town, limit=JOBS_SHOWN)
    return render_console(
        request,
        "console/town_archive.html",
        "town_archive",
        {"allowed": town.admin_may_export, **page_context(jobs, schema=town.schema_name)},
    )


@town_admin_required
@require_http_methods(["GET"])
def download(request: TownRequest, token: str) -> HttpResponseBase:
    """The archive behind a fresh link shown in this town's console; a 404 otherwise."""
    job = town_archives.job_for_download(token, schema=request.tenant.schema_name)
    if job is None or job.town_id != request.tenant.pk:
        raise Http404
    town_archives.record_download(job, by_email=request.user.email or "")
    record_audit(
        actor=request.user, action="town_archive_downloaded", detail={"job": str(job.public_id)}
    )
    return archive_response(job)
