"""Demo content of the info module: each demo town's own links, news, events and menus.

Everything is fictional. Dates are relative to today and consistent with their text: a
seasonal event appears only when its date falls in its season, weekly events fall on
their organisation's usual weekday and time, and a restaurant has no menu on its rest day.
Safe to run again: items are found by their titles (menus by their restaurant and day).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from portal.accounts.models import Role, User
from portal.towns import TownFacts

from ..models import Event, EventCategory, Link, Menu, News
from ..recurrence import town_zone
from . import rabenau, weil_der_stadt
from .content import TOWN, DemoEvent, EventKind, InfoContent, season_of

CONTENTS = {"weil-der-stadt": weil_der_stadt.CONTENT, "rabenau": rabenau.CONTENT}
MENU_DAYS = 5


def content_for(town: TownFacts) -> InfoContent:
    """The town's demo content; other towns (tests, new towns) get Weil der Stadt's."""
    return CONTENTS.get(town.slug, weil_der_stadt.CONTENT)


def event_day(event: DemoEvent, today: date) -> date:
    """`days` from today, moved on to the event's weekday if it has one."""
    day = today + timedelta(days=event.days)
    if event.weekday is not None:
        day += timedelta(days=(event.weekday - day.weekday()) % 7)
    return day


def events_for(content: InfoContent, today: date) -> list[DemoEvent]:
    """The town's events, with the seasonal ones whose date falls in their season."""
    seasonal = [
        one.event
        for one in content.seasonal
        if season_of(event_day(one.event, today)) == one.season
    ]
    return [*content.past, *content.events, *seasonal]


def _announced_at(event: DemoEvent, number: int, start: datetime, now: datetime) -> datetime:
    """When the demo says the event was put in the calendar: two to eleven weeks before
    today (and before it took place), spread by its number, so the past has a history."""
    weeks_ago = 2 + (number * 5) % 10
    return min(now - timedelta(weeks=weeks_ago, hours=number), start - timedelta(days=14))


def _load_event(
    event: DemoEvent,
    *,
    number: int,
    town: TownFacts,
    content: InfoContent,
    staff: User | None,
    now: datetime,
) -> None:
    zone = town_zone()
    start = datetime.combine(
        event_day(event, timezone.localdate(now, zone)), time(event.hour, event.minute), zone
    )
    organiser = town.name if event.organiser == TOWN else event.organiser
    kind = content.event_kinds.get(event.title, EventKind(EventCategory.OTHER, ""))
    row, created = Event.objects.get_or_create(
        title=event.title,
        defaults={
            "description": event.description
            or f"{event.title} – veranstaltet von {organiser}. Alle sind willkommen.",
            "organiser_name": organiser,
            "organiser_slug": event.slug,
            "is_town_event": event.organiser == TOWN,
            "category": kind.category,
            "district": kind.district,
            "place": event.place,
            "start": start,
            "end": start + timedelta(hours=event.hours),
            "recurrence": event.recurrence,
            "recurrence_count": event.count,
            "cancelled_at": now if event.cancelled else None,
            "cancellation_reason": event.cancelled,
            "created_by": staff,
        },
    )
    if created:
        # created_at is set on insert; the demo's history moves it to the announcement day
        Event.objects.filter(pk=row.pk).update(created_at=_announced_at(event, number, start, now))
    elif row.category == EventCategory.OTHER and not row.district:
        # an event of an earlier demo run, from before events had a category and district
        Event.objects.filter(pk=row.pk).update(category=kind.category, district=kind.district)


def _provider(town: TownFacts, key: str, name: str) -> User:
    email = f"{key}@{town.slug}.example"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=name)
    user.roles = sorted({Role.RESIDENT, Role.PROVIDER})
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.save(update_fields=["roles", "email_verified_at"])
    return user


def load_demo(*, town: TownFacts) -> None:
    """Fill the current town with its fictional, plausible local information."""
    content = content_for(town)
    zone = town_zone()
    now = timezone.now()
    today = timezone.localdate(now, zone)
    staff = User.objects.filter(roles__contains=[Role.TOWN_ADMIN]).order_by("pk").first()

    for position, link in enumerate(content.links):
        Link.objects.get_or_create(
            title=link.title,
            defaults={
                "category": link.category,
                "url": link.url,
                "phone": link.phone,
                "description": link.description,
                "position": position,
                "created_by": staff,
            },
        )

    for news in content.news:
        published = now - timedelta(days=news.days_ago)
        News.objects.get_or_create(
            title=news.title,
            defaults={
                "summary": news.summary,
                "body": news.body,
                "publish_at": published,
                "expire_at": published + timedelta(days=news.shown_days)
                if news.shown_days
                else None,
                "created_by": staff,
            },
        )

    for number, event in enumerate(events_for(content, today)):
        _load_event(event, number=number, town=town, content=content, staff=staff, now=now)

    for restaurant in content.restaurants:
        provider = _provider(town, restaurant.key, restaurant.name)
        for offset in range(MENU_DAYS):
            day = today + timedelta(days=offset)
            if day.weekday() in restaurant.rest_days:
                continue
            Menu.objects.get_or_create(
                provider=provider,
                valid_from=day,
                valid_until=day,
                defaults={
                    "restaurant": restaurant.name,
                    "dishes": restaurant.dishes[day.toordinal() % len(restaurant.dishes)],
                    "note": restaurant.note,
                    "address": restaurant.address,
                    "phone": restaurant.phone,
                },
            )
        # menus of an earlier demo run get the restaurant's address and phone too
        Menu.objects.filter(provider=provider, address="").update(
            address=restaurant.address, phone=restaurant.phone
        )
