"""The personal area's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.requests import TownRequest

from .selectors import personal_area_of


@login_required
@require_GET
def my_area(request: TownRequest) -> HttpResponse:
    return render(request, "portal/my_area.html", {"area": personal_area_of(request.user)})
