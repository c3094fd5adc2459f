"""Writes of the search: counting a search that found nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from .models import UnfoundSearch
from .query import SearchQuery


def week_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


@transaction.atomic
def record_unfound_search(*, query: SearchQuery) -> None:
    """Count one search for `query`'s normalised term that found nothing this week."""
    term = query.term
    if not term:
        return
    week = week_of(timezone.localdate())
    # One statement, safe against two searches at once: insert, or add one to the count.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {UnfoundSearch._meta.db_table} (term, week, count) VALUES (%s, %s, 1)
            ON CONFLICT (term, week) DO UPDATE SET count = {UnfoundSearch._meta.db_table}.count + 1
            """,  # noqa: S608 - the table name is ours, every value is a parameter
            [term, week],
        )
