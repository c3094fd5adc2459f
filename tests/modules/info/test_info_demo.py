"""Demo content: realistic amounts, shown as current, and safe to load twice."""

from __future__ import annotations

from modules.info import selectors
from modules.info.demo import load_demo
from modules.info.models import Event, Link, Menu, News


def test_demo_loads_twice_without_duplicates(in_town_a):
    load_demo(town=in_town_a)
    counts = (
        Link.objects.count(),
        News.objects.count(),
        Event.objects.count(),
        Menu.objects.count(),
    )
    load_demo(town=in_town_a)
    assert (
        Link.objects.count(),
        News.objects.count(),
        Event.objects.count(),
        Menu.objects.count(),
    ) == counts
    assert Event.objects.count() == 20
    assert len(selectors.todays_menus()) == 3
    assert selectors.current_news().count() >= 4
    assert Event.objects.filter(cancelled_at__isnull=False).count() == 1
    assert len(selectors.upcoming_occurrences(weeks=4)) > 20
