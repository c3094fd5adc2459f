"""Samples for the info module's routes: a link, news, an event and a lunch menu."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.factories.info import EventFactory, LinkFactory, MenuFactory, NewsFactory

from . import Samples


def make_samples() -> Samples:
    # A closed local port: should a guard ever fail, the link check reaches no one.
    link = {"public_id": LinkFactory(url="http://127.0.0.1:9/harness").public_id}
    news = {"public_id": NewsFactory().public_id}
    event_obj = EventFactory(organiser_slug="harness-verein")
    event = {"public_id": event_obj.public_id}
    menu = {"public_id": MenuFactory().public_id}
    # Due work for the menu nudge: a restaurant whose menu ran out yesterday.
    yesterday = timezone.localdate() - timedelta(days=1)
    MenuFactory(valid_from=yesterday - timedelta(days=4), valid_until=yesterday)
    return {
        "info:link_edit": link,
        "info:link_delete": link,
        "info:link_clear_flag": link,
        "info:news_detail": news,
        "info:news_edit": news,
        "info:news_delete": news,
        "info:organiser_calendar": {"organiser": event_obj.organiser_slug},
        "info:event_detail": event,
        "info:event_edit": event,
        "info:event_cancel": event,
        "info:event_reinstate": event,
        "info:event_delete": event,
        "info:menu_detail": menu,
        "info:menu_edit": menu,
        "info:menu_delete": menu,
        "info-link-detail": {"id": link["public_id"]},
        "info-news-detail": {"id": news["public_id"]},
        "info-event-detail": {"id": event["public_id"]},
        "info-event-cancel": {"id": event["public_id"]},
        "info-event-reinstate": {"id": event["public_id"]},
        "info-menu-detail": {"id": menu["public_id"]},
    }
