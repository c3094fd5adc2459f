"""The directory's part of the one search: organisations and what they offer."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search.first_page import best_matches
from portal.search.groups import SearchGroup, SearchHit
from portal.search.query import SearchQuery

from . import search
from .models import Organisation


def search_groups(query: SearchQuery) -> list[SearchGroup]:
    """Approved organisations matching `query` (name, kind, offerings), best first, through
    the shared first page (the directory keeps its own columns: a maintained tsvector, the
    folded name for typos, the folded texts; the excerpt comes from its search document)."""
    if not query.wants("directory_organisations"):
        return []
    organisations = Organisation.objects.filter(status=Organisation.Status.APPROVED)
    found = best_matches(
        organisations,
        query,
        limit=query.limit,
        headline_of="search_document",
        titles="search_name",
    )
    hits = [
        SearchHit(
            title=organisation.name,
            url=reverse("directory:detail", args=[organisation.slug]),
            excerpt=search.render_headline(getattr(organisation, "headline", "")),
            meta=str(organisation.get_kind_display()),
        )
        for organisation in found.rows
    ]
    more = reverse("directory:list") + "?" + urlencode({"q": query.text})
    return [
        SearchGroup(
            key="directory_organisations",
            label=_("Organisations and offerings"),
            hits=hits,
            total=found.total,
            estimated=found.estimated,
            more_url=more,
            order=10,
        )
    ]
