"""The base of a module's per-town settings: one row in each town's schema.

Every module that lets a town choose something (review periods, listing lifetimes, how far
ahead events are shown) keeps it in one row of a model derived from `TownSettingsRow`. The
row is created lazily: reading never writes (a town that never saved gets the defaults),
and a change goes through `locked()` inside the service's transaction. Pages read the row
through the town's cache (`portal.town_cache`); every write of it forgets that cache.
"""

from __future__ import annotations

from typing import Self, cast

from django.db import models

from portal.town_cache import TownCachedRow, cached_for_town


class TownSettingsRow(TownCachedRow):
    """Abstract: the one settings row of a module in the current town."""

    # unique=True on a constant lets the database refuse a second row.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @classmethod
    def current(cls) -> Self:
        """The saved row, or an unsaved one with the defaults (no write); from the town's
        cache when it holds it."""
        return cached_for_town(f"settings:{cls._meta.label_lower}", cls._read)

    @classmethod
    def _read(cls) -> Self:
        return cast(Self, cls._default_manager.filter(singleton=True).first()) or cls()

    @classmethod
    def stored(cls) -> Self:
        """The saved row, created with the defaults if the town never saved one."""
        row, _created = cls._default_manager.get_or_create(singleton=True)
        return cast(Self, row)

    @classmethod
    def locked(cls) -> Self:
        """The saved row, locked until the caller's transaction ends (for a change)."""
        cls.stored()
        return cast(Self, cls._default_manager.select_for_update().get(singleton=True))
