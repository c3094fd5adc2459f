"""Quarters of the town's calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from portal.letters.models import Letter
from tenants.current import current_town


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1..4

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    @property
    def slug(self) -> str:
        return f"{self.year}-q{self.number}"

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def town_zone() -> ZoneInfo:
    """The current town's time zone (the project's default outside a town)."""
    town = current_town()
    return ZoneInfo(town.time_zone if town is not None else settings.TIME_ZONE)


def town_today() -> date:
    """Today in the current town's calendar."""
    return timezone.localdate(timezone.now(), town_zone())


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the town's time zone."""
    return datetime.combine(day, time.min, tzinfo=town_zone())


def letter_quarter(letter: Letter) -> Quarter:
    return Quarter(letter.year, letter.quarter)
