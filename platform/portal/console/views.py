"""The town console at /manage/: what a town's administrators configure themselves."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from portal.accounts.selectors import pending_users, user_counts
from portal.requests import TownRequest

from .permissions import town_admin_required


@town_admin_required
def index(request: TownRequest) -> HttpResponse:
    return render(
        request,
        "console/index.html",
        {"counts": user_counts(), "pending": pending_users()[:10], "section": "index"},
    )
