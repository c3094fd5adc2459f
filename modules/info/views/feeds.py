"""Feeds of one town: iCal for events (whole town, per organiser) and RSS 2.0 for news.

Every feed reads only the current town's schema, so town B's feed cannot contain A's items.
User text is escaped for the format: iCal TEXT escaping and line folding (icalendar), and
HTML-escaped RSS descriptions, so feed readers show markup as text instead of running it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.branding.selectors import current_branding
from portal.requests import TownRequest

from .. import selectors
from ..ical import render_calendar
from ..models import Event, News


def _calendar_response(
    request: TownRequest, events: Iterable[Event], name: str, filename: str
) -> HttpResponse:
    host = request.get_host().split(":")[0]
    body = render_calendar(
        events, name=name, base_url=f"{request.scheme}://{request.get_host()}", host=host
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def town_calendar(request: TownRequest) -> HttpResponse:
    name = _("Events in %(town)s") % {"town": current_branding().display_name}
    return _calendar_response(request, selectors.feed_events(), name, "events.ics")


@require_safe
def organiser_calendar(request: TownRequest, organiser: str) -> HttpResponse:
    if not selectors.organiser_exists(organiser):
        raise Http404
    events = list(selectors.feed_events(organiser_slug=organiser))
    label = events[0].organiser_name if events else organiser
    name = _("Events of %(organiser)s") % {"organiser": label}
    return _calendar_response(request, events, name, f"{organiser}.ics")


class NewsFeed(Feed[News, None]):
    """RSS 2.0 of the town's current news."""

    def title(self) -> str:
        return _("News from %(town)s") % {"town": current_branding().display_name}

    def link(self) -> str:
        return reverse("info:news_list")

    def description(self) -> str:
        return _("Current news of the town portal.")

    def items(self) -> list[News]:
        return list(selectors.current_news()[:20])

    def item_title(self, item: News) -> str:
        return escape(item.title)

    def item_description(self, item: News) -> str:
        text = f"{item.summary}\n\n{item.body}" if item.summary else item.body
        return str(linebreaksbr(text, autoescape=True))

    def item_link(self, item: News) -> str:
        return reverse("info:news_detail", args=[item.public_id])

    def item_pubdate(self, item: News) -> datetime:
        return item.publish_at


news_feed = require_safe(NewsFeed())
