"""Reads of the info module; list reads keep a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from .models import Event, InfoSettings, Link, LinkCategory, Menu, News, Recurrence
from .recurrence import Occurrence, occurrences, town_zone

FEED_PAST = timedelta(days=90)
FEED_LIMIT = 500


def links() -> QuerySet[Link]:
    """Every curated link, by category and position."""
    return Link.objects.order_by("category", "position", "title")


@dataclass(frozen=True)
class LinkGroup:
    category: str
    label: str
    links: list[Link]


def links_by_category() -> list[LinkGroup]:
    """Links grouped in the categories' order (one query)."""
    grouped: dict[str, list[Link]] = {}
    for link in links():
        grouped.setdefault(link.category, []).append(link)
    return [
        LinkGroup(category=value, label=str(label), links=grouped[value])
        for value, label in LinkCategory.choices
        if value in grouped
    ]


def dead_links() -> QuerySet[Link]:
    """Links the checker has flagged as dead, oldest flag first."""
    return Link.objects.filter(flagged_dead_at__isnull=False).order_by("flagged_dead_at")


def current_news(now: datetime | None = None) -> QuerySet[News]:
    """News whose publication window contains `now`, newest first."""
    now = now or timezone.now()
    return News.objects.filter(
        Q(expire_at__isnull=True) | Q(expire_at__gt=now), publish_at__lte=now
    ).order_by("-publish_at", "-pk")


def all_news() -> QuerySet[News]:
    """Every news item, including scheduled and expired ones (for the staff)."""
    return News.objects.order_by("-publish_at", "-pk")


def menus_on(day: date) -> QuerySet[Menu]:
    """Menus valid on `day` (expired ones drop out by themselves)."""
    return (
        Menu.objects.filter(valid_from__lte=day, valid_until__gte=day)
        .select_related("provider")
        .order_by("restaurant", "pk")
    )


def todays_menus() -> QuerySet[Menu]:
    """Menus valid today in the town's time zone."""
    from .services.menus import town_today

    return menus_on(town_today())


def menus_of(provider_id: int) -> QuerySet[Menu]:
    """A provider's own menus, newest first."""
    return Menu.objects.filter(provider_id=provider_id).order_by("-valid_from", "-pk")


def candidate_events(start: datetime, end: datetime) -> QuerySet[Event]:
    """Events that may have an occurrence between `start` and `end` (one query)."""
    return Event.objects.filter(
        Q(recurrence=Recurrence.NONE, end__gt=start)
        | (
            ~Q(recurrence=Recurrence.NONE)
            & (
                Q(recurrence_until__isnull=True)
                | Q(recurrence_until__gte=start.date() - timedelta(days=31))
            )
        ),
        start__lt=end,
    ).order_by("start", "pk")


def occurrences_between(
    start: datetime,
    end: datetime,
    *,
    organiser_slug: str | None = None,
    limit: int | None = None,
    filters: EventFilters | None = None,
) -> list[Occurrence]:
    """Occurrences of every event overlapping [start, end), in time order (one query)."""
    zone = town_zone()
    events = candidate_events(start, end)
    if organiser_slug is not None:
        events = events.filter(organiser_slug=organiser_slug)
    if filters is not None:
        events = filters.apply(events)
    found = [occ for event in events for occ in occurrences(event, start, end, zone)]
    found.sort(key=lambda occ: (occ.start, occ.event.title, occ.event.pk))
    return found[:limit] if limit is not None else found


@dataclass(frozen=True)
class EventFilters:
    """What a resident narrows the events list down to; empty values filter nothing."""

    category: str = ""
    organiser: str = ""  # the organiser's name as shown
    district: str = ""
    when: str = ""  # "", "week" or "month"

    def apply(self, events: QuerySet[Event]) -> QuerySet[Event]:
        if self.category:
            events = events.filter(category=self.category)
        if self.organiser:
            events = events.filter(organiser_name=self.organiser)
        if self.district:
            events = events.filter(district=self.district)
        return events

    def window(self, *, weeks: int) -> tuple[datetime, datetime]:
        """From now to the end of this week or month (town time), else `weeks` ahead."""
        now = timezone.now()
        today = timezone.localtime(now, town_zone()).date()
        if self.when == "week":
            return now, day_window(today, today + timedelta(days=6 - today.weekday()))[1]
        if self.when == "month":
            last = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            return now, day_window(today, last)[1]
        return now, now + timedelta(weeks=weeks)


@dataclass(frozen=True)
class EventDay:
    day: date
    occurrences: list[Occurrence]


def events_by_day(*, weeks: int, filters: EventFilters) -> list[EventDay]:
    """The coming dates matching `filters`, grouped by their day in the town (one query)."""
    start, end = filters.window(weeks=weeks)
    zone = town_zone()
    days: dict[date, list[Occurrence]] = {}
    for occ in occurrences_between(start, end, filters=filters):
        days.setdefault(timezone.localtime(occ.start, zone).date(), []).append(occ)
    return [EventDay(day=day, occurrences=found) for day, found in days.items()]


def event_organisers() -> list[str]:
    """The organisers' names of events not over yet, for the filter (one query)."""
    now = timezone.now()
    names = (
        candidate_events(now, now + timedelta(weeks=104))
        .order_by("organiser_name")
        .values_list("organiser_name", flat=True)
        .distinct()
    )
    return list(names)


def coming_events_of(organiser_slug: str, *, limit: int = 10) -> list[Occurrence]:
    """An organisation's next dates (its short name in the directory), for its page."""
    return upcoming_occurrences(
        weeks=info_settings().event_weeks_ahead, limit=limit, organiser_slug=organiser_slug
    )


def upcoming_occurrences(
    *, weeks: int, limit: int | None = None, organiser_slug: str | None = None
) -> list[Occurrence]:
    """Occurrences from now (still running ones included) for the next `weeks` weeks."""
    now = timezone.now()
    return occurrences_between(
        now, now + timedelta(weeks=weeks), organiser_slug=organiser_slug, limit=limit
    )


def day_window(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of `first` to the end of `last`, in the town's time zone."""
    zone = town_zone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def feed_events(*, organiser_slug: str | None = None) -> QuerySet[Event]:
    """Events for an iCal feed: those not over for more than 90 days (series included)."""
    since = timezone.now() - FEED_PAST
    events = Event.objects.filter(
        Q(recurrence=Recurrence.NONE, end__gte=since)
        | (
            ~Q(recurrence=Recurrence.NONE)
            & (Q(recurrence_until__isnull=True) | Q(recurrence_until__gte=since.date()))
        )
    )
    if organiser_slug is not None:
        events = events.filter(organiser_slug=organiser_slug)
    return events.order_by("start", "pk")[:FEED_LIMIT]


def organiser_exists(organiser_slug: str) -> bool:
    """Whether any event carries this organiser's short name."""
    return Event.objects.filter(organiser_slug=organiser_slug).exists()


def events_for_staff() -> QuerySet[Event]:
    """Every event, newest first (for moderation)."""
    return Event.objects.select_related("created_by").order_by("-start", "-pk")


def events_created_by(user_id: int) -> QuerySet[Event]:
    """The events a person created, newest first."""
    return Event.objects.filter(created_by_id=user_id).order_by("-start", "-pk")


@dataclass(frozen=True)
class HomePanel:
    occurrences: list[Occurrence]
    news: list[News]
    menus: list[Menu]


def home_panel() -> HomePanel:
    """What the town's home page shows: next 5 dates, latest 3 news, today's menus."""
    return HomePanel(
        occurrences=upcoming_occurrences(weeks=info_settings().event_weeks_ahead, limit=5),
        news=list(current_news()[:3]),
        menus=list(todays_menus()),
    )


def info_settings() -> InfoSettings:
    """The town's info settings (defaults when none were saved yet; no write)."""
    return InfoSettings.current()


def upcoming_dates(event: Event, *, weeks: int, limit: int = 20) -> list[Occurrence]:
    """The next dates of one event (the running one included)."""
    now = timezone.now()
    return occurrences(event, now, now + timedelta(weeks=weeks))[:limit]


def all_menus() -> QuerySet[Menu]:
    """Every menu, newest first, with its provider (for moderation)."""
    return Menu.objects.select_related("provider").order_by("-valid_from", "-pk")


def content_counts() -> list[str]:
    """The town's events, news, links and menus, counted in words (for the console)."""
    events, news = Event.objects.count(), News.objects.count()
    links, menus = Link.objects.count(), Menu.objects.count()
    return [
        ngettext("%(n)d event", "%(n)d events", events) % {"n": events},
        ngettext("%(n)d news item", "%(n)d news items", news) % {"n": news},
        ngettext("%(n)d link", "%(n)d links", links) % {"n": links},
        ngettext("%(n)d lunch menu", "%(n)d lunch menus", menus) % {"n": menus},
    ]
