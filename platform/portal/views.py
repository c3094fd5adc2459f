"""Town pages that belong to no module: home and the town's media files (the published
pages — imprint, privacy and the others — are in `portal.legal_views`; the personal area,
`/me/`, is in `portal.area`)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils._os import safe_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal import registry
from portal.files import PRIVATE_PREFIX
from portal.requests import TownRequest
from tenants.models import Module


@require_GET
def home(request: TownRequest) -> HttpResponse:
    """Visitors see the town's page; a logged-in person starts on their own area."""
    if request.user.is_authenticated:
        return redirect("my_area")
    return town_home(request)


@require_GET
def town_home(request: TownRequest) -> HttpResponse:
    """The town's public page, for everyone (linked from a person's area)."""
    town = request.tenant
    modules = []
    for choice in Module:
        if not town.module_enabled(choice.value):
            continue
        declared = registry.get_module(choice.value)
        modules.append(
            {
                "key": choice.value,
                "label": declared.label if declared else choice.label,
                # A module not built yet has no icon of its own: a neutral one, "in preparation".
                "pictogram": declared.pictogram if declared else "module",
                "built": declared is not None,
            }
        )
    context = {"modules": modules, "panels": registry.home_panels()}
    return render(request, "portal/home.html", context)


@require_GET
def town_media(request: TownRequest, schema: str, path: str) -> FileResponse:
    """Public files of this town only: another town's folder is a 404 on this host."""
    if schema != request.tenant.schema_name:
        raise Http404
    root = Path(settings.MEDIA_ROOT) / schema
    try:
        full = Path(safe_join(str(root), path))
    except (SuspiciousFileOperation, ValueError) as exc:
        # A path leading out of the town's folder (`../`) is simply not one of its files.
        raise Http404 from exc
    # Private files are only ever served by their module's permission-checked view.
    if not full.is_file() or full.is_relative_to(root / PRIVATE_PREFIX):
        raise Http404
    response = FileResponse(full.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 of a town host: the API answers in its JSON error shape, pages in the town's look.

    Under a module the town has switched off, the page says so in plain words (still a 404:
    the module guard makes such paths not exist)."""
    module = registry.module_for_path(request.path)
    switched_off = module is not None and not registry.module_on_in_current_town(module.key)
    if request.path.startswith("/api/"):
        message = (
            _("This part of the portal is switched off in this town.")
            if switched_off
            else _("Not found.")
        )
        return JsonResponse(
            {"error": {"code": "not_found", "message": message, "fields": {}}}, status=404
        )
    context = {"switched_off_module": module if switched_off else None}
    return render(request, "404.html", context, status=404)


def operator_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "not_found", "message": _("Not found."), "fields": {}}}, status=404
        )
    return render(request, "tenants/unknown_host.html", status=404)
