"""Neighbourly help's part of the one search: public volunteer services."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search.first_page import best_matches
from portal.search.groups import SearchGroup, SearchHit
from portal.search.query import SearchQuery
from portal.search.text import render_headline

from .selectors import public_services


def search_groups(query: SearchQuery) -> list[SearchGroup]:
    """Public volunteer services matching `query`, best first."""
    if not query.wants("volunteer_services"):
        return []
    found = best_matches(public_services(), query, limit=query.limit, headline_of="description")
    hits = [
        SearchHit(
            title=service.title,
            url=reverse("volunteer:service", args=[service.slug]),
            excerpt=render_headline(getattr(service, "headline", "")),
            meta=f"{service.organisation.name} · {service.get_kind_display()}",
        )
        for service in found.rows
    ]
    return [
        SearchGroup(
            key="volunteer_services",
            label=_("Neighbourly help"),
            hits=hits,
            total=found.total,
            estimated=found.estimated,
            more_url=reverse("volunteer:list") + "?" + urlencode({"q": query.text}),
            order=30,
        )
    ]
