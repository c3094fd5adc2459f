"""The console's open-format downloads: what the town publishes, as files it can take along.

Each module declares its files in the registry (`portal.registry.OpenDownload`); this page
lists those of the modules the town has on, and serves each as a stream (rows are written as
they are read, so a large town's file never sits whole in memory). A switched-off module's
address does not exist (the registry's module guard); only town administrators download.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.views.decorators.http import require_http_methods

from portal import registry
from portal.requests import TownRequest
from tenants.current import inside_town
from tenants.models import Town

from .permissions import town_admin_required
from .views import render_console


@dataclass(frozen=True)
class DownloadLink:
    module: str | Promise
    title: str | Promise
    description: str | Promise
    filename: str
    url: str


def download_links(town_slug: str) -> list[DownloadLink]:
    """The downloads of the current town's enabled modules, in registry order."""
    return [
        DownloadLink(
            module=module.label,
            title=download.title,
            description=download.description,
            filename=f"{town_slug}-{download.filename}",
            url=reverse(f"console:{registry.download_url_name(module.key, download.key)}"),
        )
        for module, download in registry.open_downloads()
    ]


@town_admin_required
@require_http_methods(["GET"])
def index(request: TownRequest) -> HttpResponse:
    links = download_links(request.tenant.slug)
    return render_console(request, "console/downloads.html", "downloads", {"downloads": links})


def _in_this_request(
    chunks: Iterable[bytes], *, town: Town, language: str, zone: Any
) -> Iterator[bytes]:
    """The file's pieces written in the request's town, language and time zone: a streamed
    body is written after the view returned, when the middleware has reset the language
    and time zone (and the connection may have been given to someone else's schema)."""
    with inside_town(town), translation.override(language), timezone.override(zone):
        yield from chunks


@town_admin_required
@require_http_methods(["GET"])
def download(request: TownRequest, module_key: str, download_key: str) -> StreamingHttpResponse:
    found = registry.open_download(module_key, download_key)
    if found is None:  # the module guard said so already; this keeps the view honest alone
        raise Http404
    base_url = f"{request.scheme}://{request.get_host()}"
    body = _in_this_request(
        found.writer(base_url),
        town=request.tenant,
        language=translation.get_language(),
        zone=timezone.get_current_timezone(),
    )
    response = StreamingHttpResponse(body, content_type=found.media_type)
    name = f"{request.tenant.slug}-{found.filename}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
