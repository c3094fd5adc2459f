"""The operator site's town archives: export a town, download it, import one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tenants.utils import get_public_schema_name

from portal.accounts.models import User
from tenants.selectors import towns

from . import selectors, town_archives
from .archive_pages import archive_response, page_context
from .forms import TownImportForm
from .models import TownArchiveJob
from .views import operator_required

JOBS_SHOWN = 10


def _operator(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@operator_required
@require_http_methods(["GET", "POST"])
def town_archive(request: HttpRequest, slug: str) -> HttpResponse:
    """A town's exports: make one, follow its progress, download it; and whether the town's
    administrators may export the town themselves."""
    town = get_object_or_404(towns(), slug=slug)
    operator = _operator(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "export":
            try:
                town_archives.request_export(
                    town=town,
                    by_email=operator.email or "",
                    requested_from=TownArchiveJob.RequestedFrom.OPERATOR,
                    operator=operator,
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
            town_archives.set_admin_export(town=town, allowed=action == "allow", operator=operator)
            if action == "allow":
                done = _("The administrators of %(name)s may now export the town themselves.")
            else:
                done = _("Only the operator site can export %(name)s now.")
            messages.success(request, done % {"name": town.name})
        else:
            raise Http404
        return redirect("operators:town_archive", slug=town.slug)
    jobs = selectors.town_exports(town, limit=JOBS_SHOWN)
    return render(
        request,
        "operators/town_archive.html",
        {
            "town": town,
            "history": selectors.town_history(town),
            **page_context(jobs, schema=get_public_schema_name()),
        },
    )


@operator_required
@require_http_methods(["GET"])
def download(request: HttpRequest, token: str) -> HttpResponseBase:
    """The archive behind a fresh link shown on the operator site; a 404 otherwise."""
    job = town_archives.job_for_download(token, schema=get_public_schema_name())
    if job is None:
        raise Http404
    operator = _operator(request)
    town_archives.record_download(job, by_email=operator.email or "", operator=operator)
    return archive_response(job)


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
                by_email=_operator(request).email or "",
            )
        except ValidationError as exc:
            form.add_error("slug" if exc.code != "job_open" else None, exc)
        else:
            messages.success(
                request, _("The archive is being read in. This page shows how far it is.")
            )
            return redirect("operators:import_archive")
    jobs = list(
        TownArchiveJob.objects.filter(kind=TownArchiveJob.Kind.IMPORT).select_related("town")[
            :JOBS_SHOWN
        ]
    )
    return render(
        request,
        "operators/import_archive.html",
        {"form": form, **page_context(jobs, schema=get_public_schema_name())},
        status=400 if request.method == "POST" else 200,
    )
