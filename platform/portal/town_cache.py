"""One per-town cache for what nearly every page of a town reads: its branding, its settings
rows and, for a minute, the home page's panels.

A key names the town twice over: its schema and its row's id (a town deleted and made again
under the same name never finds its predecessor's values), then the town's cache version.
Every write of a cached row (save, delete, a queryset's update or delete) calls
`forget_town_cache()`, which moves the version on at once and again when the transaction
commits: a reader that saw the new version before the commit and cached the old row keeps it
under a version nobody asks for. While a transaction of this connection has written such a
row, reads go to the database and fill nothing (the write may still be rolled back).

The default cache's KEY_FUNCTION prefixes the schema as well (django_tenants.cache.make_key);
the name in the key itself keeps towns apart even where an alias lacks that function.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, models, transaction

from tenants.current import current_schema, current_town, inside_town
from tenants.models import Town

T = TypeVar("T")
_M = TypeVar("_M", bound=models.Model)

# Settings and branding are forgotten on every write; the timeout only bounds the memory.
ROW_SECONDS = 24 * 60 * 60
_MISSING = object()
_DIRTY = "_lq_town_cache_dirty"


def _town() -> Town | None:
    town = current_town()
    return town if town is not None and town.pk is not None else None


def _prefix(town: Town) -> str:
    return f"town:{town.schema_name}:{town.pk}"


def _version_key(town: Town) -> str:
    return f"{_prefix(town)}:version"


def _version(town: Town) -> int:
    key = _version_key(town)
    version = cache.get(key)
    if version is None:
        # A lost version (evicted, cleared) starts somewhere new, never at an old number
        # whose values may still be stored.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return int(version)


def _writing() -> bool:
    """Whether this connection's open transaction wrote a cached row. The mark is the
    outermost atomic block of that transaction: once it ended (committed or rolled back),
    a new transaction or none at all finds another block, and the mark is dropped."""
    mark = getattr(connection, _DIRTY, None)
    if mark is None:
        return False
    if connection.in_atomic_block and connection.atomic_blocks[0] is mark:
        return True
    setattr(connection, _DIRTY, None)
    return False


def cached_for_town(name: str, build: Callable[[], T], *, seconds: int = ROW_SECONDS) -> T:
    """`build()`'s value for the current town, from the cache when it holds one."""
    town = _town()
    if town is None or _writing():
        return build()
    key = f"{_prefix(town)}:{_version(town)}:{name}"
    value: Any = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, timeout=seconds)
    return value  # type: ignore[no-any-return]


def _bump(town: Town) -> None:
    key = _version_key(town)
    try:
        cache.incr(key)
    except ValueError:  # no version stored yet
        cache.set(key, time.time_ns(), timeout=None)


def forget_town_cache() -> None:
    """Drop every cached value of the current town (call on each write of a cached row)."""
    town = _town()
    if town is None:
        return
    _bump(town)
    if connection.in_atomic_block:
        setattr(connection, _DIRTY, connection.atomic_blocks[0])

        def after_commit() -> None:
            setattr(connection, _DIRTY, None)
            if current_schema() == town.schema_name:
                _bump(town)
                return
            # The cache's key function prefixes the connection's schema: bump in the town's.
            with inside_town(town):
                _bump(town)

        transaction.on_commit(after_commit)


class _ForgettingQuerySet(models.QuerySet[_M]):
    """Bulk writes forget the town's cache too (they bypass save() and delete())."""

    def update(self, **kwargs: Any) -> int:
        count = super().update(**kwargs)
        forget_town_cache()
        return count

    def delete(self) -> tuple[int, dict[str, int]]:
        result = super().delete()
        forget_town_cache()
        return result


class TownCachedRow(models.Model):
    """Abstract: a row that pages read through `cached_for_town`; each write forgets it."""

    objects = _ForgettingQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        forget_town_cache()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        result = super().delete(*args, **kwargs)
        forget_town_cache()
        return result
