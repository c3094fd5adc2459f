"""What a person's area shows: the platform's parts, then the enabled modules' parts."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal import registry
from portal.accounts.models import User
from portal.registry import AREA_SECTIONS, AreaItem

from .parts import PLATFORM_PARTS


@dataclass(frozen=True)
class PersonalArea:
    waiting: list[AreaItem] = field(default_factory=list)
    mine: list[AreaItem] = field(default_factory=list)
    account: list[AreaItem] = field(default_factory=list)

    @property
    def waiting_count(self) -> int:
        return sum(item.count for item in self.waiting)


def personal_area_of(user: User) -> PersonalArea:
    """Every item of `user`'s area, by section (a constant number of queries)."""
    items: list[AreaItem] = [item for part in PLATFORM_PARTS for item in part(user)]
    items += registry.personal_area_items(user)
    area = PersonalArea()
    for item in items:
        if item.section not in AREA_SECTIONS:
            raise ValueError(f"Unknown area section {item.section!r} ({item.label})")
        getattr(area, item.section).append(item)
    return area
