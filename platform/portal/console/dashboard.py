"""The console's start page: the town's figures of the last year, and their CSV download."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portal.accounts.selectors import pending_users, user_counts
from portal.csv_cells import csv_stream
from portal.dashboard.selectors import dashboard_table, town_dashboard
from portal.requests import TownRequest

from .permissions import town_admin_required
from .views import render_console


@town_admin_required
@require_http_methods(["GET"])
def index(request: TownRequest) -> HttpResponse:
    return render_console(
        request,
        "console/index.html",
        "index",
        {
            "counts": user_counts(),
            "pending": pending_users()[:10],
            "dashboard": town_dashboard(),
        },
    )


@town_admin_required
@require_http_methods(["GET"])
def dashboard_csv(request: TownRequest) -> HttpResponse:
    header, rows = dashboard_table()
    name = f"{request.tenant.slug}-dashboard-{timezone.localdate().isoformat()}.csv"
    # The project's one CSV convention (portal.csv_cells): byte order mark, defused cells.
    body = b"".join(csv_stream(header, rows))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
