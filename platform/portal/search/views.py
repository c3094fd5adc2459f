"""The search page: one box, every enabled module's hits grouped by kind."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors, services
from .query import MAX_QUERY_LENGTH, BadSearch, parse_query, shown_text


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q")
    group = request.GET.get("group", "")
    problem = ""
    query = None
    try:
        query = parse_query(raw, group=group)
    except BadSearch as exc:
        problem = str(exc)
    groups = selectors.search_everything(query) if query is not None else []
    if (
        query is not None
        and not groups
        and not query.group
        and request.user.is_authenticated
        and services.may_record(request.session)
    ):
        services.record_unfound_search(query=query)
    return render(
        request,
        "search/results.html",
        {
            "q": shown_text(raw),
            "query": query,
            "problem": problem,
            "groups": groups,
            "hit_count": sum(group.total for group in groups),
            "hit_count_estimated": any(group.estimated for group in groups),
            "max_length": MAX_QUERY_LENGTH,
        },
        status=400 if problem else 200,
    )
