"""The volunteer area's pages for residents: the services, one service."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.requests import TownRequest

from ..selectors import find_services


@require_GET
def service_list(request: TownRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    services = find_services(query=query)
    return render(request, "volunteer/service_list.html", {"services": services, "query": query})
