"""The info module's part of the one search: events, news, helpful links and lunch menus.

Two queries per kind (`best_matches`: ranked candidates with their count, then the page),
each capped at the query's limit with its total."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from portal.search.first_page import best_matches
from portal.search.groups import SearchGroup, SearchHit
from portal.search.query import SearchQuery
from portal.search.text import render_headline

from . import selectors
from .models import Event, Link, Menu, Recurrence
from .recurrence import town_zone


def _events(query: SearchQuery) -> SearchGroup:
    now = timezone.now()
    today = timezone.localdate(now, town_zone())
    coming = Event.objects.filter(cancelled_at__isnull=True).filter(
        Q(recurrence=Recurrence.NONE, end__gt=now)
        | (
            ~Q(recurrence=Recurrence.NONE)
            & (Q(recurrence_until__isnull=True) | Q(recurrence_until__gte=today))
        )
    )
    found = best_matches(coming, query, limit=query.limit, headline_of="description")
    zone = town_zone()
    hits = [
        SearchHit(
            title=event.title,
            url=reverse("info:event_detail", args=[event.public_id]),
            excerpt=render_headline(getattr(event, "headline", "")),
            meta=(
                str(event.get_recurrence_display())
                if event.is_recurring
                else formats.date_format(timezone.localtime(event.start, zone), "DATETIME_FORMAT")
            )
            + f" · {event.place}",
        )
        for event in found.rows
    ]
    return SearchGroup(
        key="info_events",
        label=_("Events"),
        hits=hits,
        total=found.total,
        estimated=found.estimated,
        order=20,
    )


def _news(query: SearchQuery) -> SearchGroup:
    found = best_matches(selectors.current_news(), query, limit=query.limit, headline_of="body")
    hits = [
        SearchHit(
            title=item.title,
            url=reverse("info:news_detail", args=[item.public_id]),
            excerpt=render_headline(getattr(item, "headline", "")),
            meta=formats.date_format(
                timezone.localtime(item.publish_at, town_zone()), "DATE_FORMAT"
            ),
        )
        for item in found.rows
    ]
    return SearchGroup(
        key="info_news",
        label=_("News"),
        hits=hits,
        total=found.total,
        estimated=found.estimated,
        order=30,
    )


def _links(query: SearchQuery) -> SearchGroup:
    alive = Link.objects.filter(flagged_dead_at__isnull=True)
    found = best_matches(alive, query, limit=query.limit)
    hits = [
        SearchHit(
            title=link.title,
            url=link.url,
            excerpt=link.description,
            meta=str(link.get_category_display()),
            external=True,
        )
        for link in found.rows
    ]
    return SearchGroup(
        key="info_links",
        label=_("Helpful links"),
        hits=hits,
        total=found.total,
        estimated=found.estimated,
        order=40,
    )


def _menus(query: SearchQuery) -> SearchGroup:
    today = timezone.localdate(timezone.now(), town_zone())
    current = Menu.objects.filter(valid_until__gte=today)
    found = best_matches(current, query, limit=query.limit, headline_of="dishes")
    hits = [
        SearchHit(
            title=menu.restaurant,
            url=reverse("info:menu_detail", args=[menu.public_id]),
            excerpt=render_headline(getattr(menu, "headline", "")),
            meta=_("%(start)s to %(end)s")
            % {
                "start": formats.date_format(menu.valid_from, "SHORT_DATE_FORMAT"),
                "end": formats.date_format(menu.valid_until, "SHORT_DATE_FORMAT"),
            },
        )
        for menu in found.rows
    ]
    return SearchGroup(
        key="info_menus",
        label=_("Lunch menus"),
        hits=hits,
        total=found.total,
        estimated=found.estimated,
        order=50,
    )


def search_groups(query: SearchQuery) -> list[SearchGroup]:
    """The info module's groups for `query` (only the groups asked for are searched)."""
    kinds = {"info_events": _events, "info_news": _news, "info_links": _links, "info_menus": _menus}
    return [search(query) for key, search in kinds.items() if query.wants(key)]
