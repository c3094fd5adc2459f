"""The directory's part of the one search: organisations and what they offer."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search.groups import SearchGroup, SearchHit
from portal.search.matching import page_and_total
from portal.search.query import SearchQuery

from . import search
from .models import Organisation


def search_groups(query: SearchQuery) -> list[SearchGroup]:
    """Approved organisations matching `query` (name, kind, offerings), best first; one query
    (and a count when there are more than the group shows)."""
    if not query.wants("directory_organisations"):
        return []
    organisations = Organisation.objects.filter(status=Organisation.Status.APPROVED)
    matches = search.search(organisations, query.text)
    rows, total = page_and_total(matches, query.limit)
    hits = [
        SearchHit(
            title=organisation.name,
            url=reverse("directory:detail", args=[organisation.slug]),
            excerpt=search.render_headline(getattr(organisation, "headline", "")),
            meta=str(organisation.get_kind_display()),
        )
        for organisation in rows
    ]
    more = reverse("directory:list") + "?" + urlencode({"q": query.text})
    return [
        SearchGroup(
            key="directory_organisations",
            label=_("Organisations and offerings"),
            hits=hits,
            total=total,
            more_url=more,
            order=10,
        )
    ]
