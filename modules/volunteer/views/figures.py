"""The organisation's figures for one service: a table, a chart and a CSV download."""

from __future__ import annotations

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.accounts.permissions import participation_required
from portal.charts import Chart, draw_chart
from portal.requests import TownRequest

from ..access import may_manage
from ..models import Rule, Service
from ..selectors_figures import MonthFigures, service_figures


def _service(request: TownRequest, slug: str) -> Service:
    service = get_object_or_404(Service.objects.select_related("organisation"), slug=slug)
    if not may_manage(request.user, service):
        raise PermissionDenied(
            _("Only the organisation's representatives and the coordinator can do this.")
        )
    return service


def _label(month: MonthFigures) -> str:
    return str(formats.date_format(month.month, "YEAR_MONTH_FORMAT"))


def demand_chart(months: list[MonthFigures]) -> Chart:
    values = [m.looked for m in months]
    return draw_chart(
        key="volunteer-demand",
        title=_("People who looked at the service per month"),
        description=_(
            "People who looked at the service, per month: %(figures)s. Sent requests: %(sent)d."
        )
        % {
            "figures": ", ".join(f"{_label(m)} {m.looked}" for m in months),
            "sent": sum(m.requested for m in months),
        },
        values=values,
        bar_labels=[f"{_label(m)}: {m.looked}" for m in months],
        value_label=str,
        slot_ticks=[(i, str(formats.date_format(m.month, "M"))) for i, m in enumerate(months)],
        centred_ticks=True,
    )


@participation_required
@require_GET
def figures(request: TownRequest, slug: str) -> HttpResponse:
    service = _service(request, slug)
    months = service_figures(service)
    rules = [
        (value, label)
        for value, label in Rule.choices
        if value in service.rules() or any(m.refused_by(value) for m in months)
    ]
    rows = [
        {"label": _label(m), "m": m, "refused": [m.refused_by(rule) for rule, _l in rules]}
        for m in reversed(months)
    ]
    return render(
        request,
        "volunteer/figures.html",
        {"service": service, "rows": rows, "rules": rules, "chart": demand_chart(months)},
    )


@participation_required
@require_GET
def figures_csv(request: TownRequest, slug: str) -> HttpResponse:
    service = _service(request, slug)
    months = service_figures(service)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{service.slug}-figures.csv"'
    writer = csv.writer(response)
    rules = list(Rule.values)
    writer.writerow(
        ["month", "requests", "rides", "unmet_requests", "looked", "started", "requested"]
        + [f"refused_{rule}" for rule in rules]
        + ["hours"]
    )
    for m in months:
        writer.writerow(
            [
                m.month.strftime("%Y-%m"),
                m.requests,
                m.rides,
                m.unmet_requests,
                m.looked,
                m.started,
                m.requested,
            ]
            + [m.refused_by(rule) for rule in rules]
            + [f"{m.hours:.2f}"]
        )
    return response
