"""Reads of volunteer services for residents."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.search.matching import closest
from portal.search.query import BadSearch, parse_query

from .models import Service


def public_services() -> QuerySet[Service]:
    """Services residents see: active, not hidden, of an approved organisation."""
    return Service.objects.filter(
        is_active=True, is_hidden=False, organisation__status="approved"
    ).select_related("organisation")


def find_services(*, query: str = "", kind: str = "") -> QuerySet[Service]:
    """Public services, narrowed to a kind; with a query, through the shared search
    (stems, compounds, typos), best first. A query that cannot be searched is ignored."""
    services = public_services()
    if kind:
        services = services.filter(kind=kind)
    try:
        search = parse_query(query)
    except BadSearch:
        search = None
    if search is None:
        return services.order_by("title", "pk")
    return closest(services, search)
