"""Demo content: realistic amounts, shown as current, and safe to load twice."""

from __future__ import annotations

from django.utils import timezone

from modules.info import selectors
from modules.info.demo import content_for, load_demo
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
    assert Event.objects.count() >= 17
    # one menu a day from each restaurant that is open today (none on its rest day)
    today = timezone.localdate()
    open_today = [
        r for r in content_for(in_town_a).restaurants if today.weekday() not in r.rest_days
    ]
    assert len(selectors.todays_menus()) == len(open_today) >= 2
    assert selectors.current_news().count() >= 4
    assert Event.objects.filter(cancelled_at__isnull=False).count() == 1
    assert len(selectors.upcoming_occurrences(weeks=4)) > 20
