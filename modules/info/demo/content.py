"""The shape of a demo town's local information; each town's content is a module of its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..models import EventCategory, LinkCategory, Recurrence

WEEKDAY_NAMES = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
# The organiser written for the town's own events; the loader puts the town's name in.
TOWN = "Stadtverwaltung"


@dataclass(frozen=True)
class DemoLink:
    category: LinkCategory
    title: str
    url: str
    phone: str
    description: str


@dataclass(frozen=True)
class DemoEvent:
    """An event `days` from today (on the next `weekday` from then, if given)."""

    title: str
    days: int
    hour: int
    minute: int
    hours: int
    place: str
    organiser: str
    slug: str = ""  # the organiser's slug in the town's directory demo
    weekday: int | None = None  # Monday is 0
    recurrence: str = Recurrence.NONE
    count: int | None = None
    cancelled: str = ""  # the reason, for a cancelled event
    description: str = ""


@dataclass(frozen=True)
class EventKind:
    """What an event is (its category) and where in the town it takes place ("" = the
    whole town); a town's content has one for every event title."""

    category: EventCategory
    district: str


@dataclass(frozen=True)
class SeasonalEvent:
    """Shown only when its date falls in its season (no spring concert in December)."""

    season: str  # "winter", "spring", "summer", "autumn"
    event: DemoEvent


@dataclass(frozen=True)
class DemoNews:
    title: str
    summary: str
    body: str
    days_ago: int
    shown_days: int | None


@dataclass(frozen=True)
class Restaurant:
    """A restaurant with one menu a day, none on its rest day (Ruhetag)."""

    name: str
    key: str  # the local part of its provider account's address
    rest_days: tuple[int, ...]  # weekdays it is closed, Monday is 0
    hours: str  # e.g. "Mittagstisch 11:30–14 Uhr"
    dishes: tuple[str, ...]  # one day's dishes each, served in turn
    address: str = ""
    phone: str = ""  # with the town's area code

    @property
    def note(self) -> str:
        closed = " und ".join(WEEKDAY_NAMES[day] for day in self.rest_days)
        return f"{self.hours}. {closed} Ruhetag."


@dataclass(frozen=True)
class InfoContent:
    area_code: str  # the town's telephone area code, e.g. "07033"
    links: list[DemoLink]
    events: list[DemoEvent]
    seasonal: list[SeasonalEvent]
    news: list[DemoNews]
    restaurants: list[Restaurant] = field(default_factory=list)
    event_kinds: dict[str, EventKind] = field(default_factory=dict)  # by event title
    past: list[DemoEvent] = field(default_factory=list)  # held in the last weeks (days < 0)


def season_of(day: date) -> str:
    return {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring"}.get(
        day.month, "summer" if day.month in (6, 7, 8) else "autumn"
    )
