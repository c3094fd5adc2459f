"""Writes of the search: counting a search that found nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .models import UnfoundSearch
from .query import SearchQuery

# At most this many different terms a week: beyond it only terms already listed count, so
# no one can fill the administrator's list with made-up words.
MAX_TERMS_PER_WEEK = 500
# At most this many unfound searches recorded per session and day.
MAX_PER_SESSION_AND_DAY = 20
SESSION_KEY = "search_unfound_recorded"


def week_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def may_record(session: Any) -> bool:
    """Whether a logged-in person's session may record one more unfound search today (and
    count it). Visitors and the API record nothing: bots could fill the list."""
    today = timezone.localdate().isoformat()
    day, count = session.get(SESSION_KEY, [today, 0])
    if day != today:
        day, count = today, 0
    if count >= MAX_PER_SESSION_AND_DAY:
        return False
    session[SESSION_KEY] = [day, count + 1]
    return True


@transaction.atomic
def record_unfound_search(*, query: SearchQuery) -> None:
    """Count one search for `query`'s normalised term that found nothing this week."""
    term = query.term
    if not term:
        return
    week = week_of(timezone.localdate())
    known = UnfoundSearch.objects.filter(week=week)
    if not known.filter(term=term).exists() and known.count() >= MAX_TERMS_PER_WEEK:
        return
    # One statement, safe against two searches at once: insert, or add one to the count.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {UnfoundSearch._meta.db_table} (term, week, count) VALUES (%s, %s, 1)
            ON CONFLICT (term, week) DO UPDATE SET count = {UnfoundSearch._meta.db_table}.count + 1
            """,  # noqa: S608 - the table name is ours, every value is a parameter
            [term, week],
        )
