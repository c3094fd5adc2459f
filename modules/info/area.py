"""The info module's part of a person's area: the coming events and current news they
posted (nothing for people who post none). Two queries."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.registry import AreaItem

from .models import Event, News, Recurrence


def personal_area(user: User) -> Sequence[AreaItem]:
    now = timezone.now()
    still_repeating = ~Q(recurrence=Recurrence.NONE) & (
        Q(recurrence_until__isnull=True) | Q(recurrence_until__gte=timezone.localdate())
    )
    events = Event.objects.filter(
        Q(end__gte=now) | still_repeating, created_by=user, cancelled_at__isnull=True
    ).count()
    news = (
        News.objects.filter(created_by=user, publish_at__lte=now)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .count()
    )
    items = []
    if events:
        items.append(
            AreaItem(
                section="mine",
                label=ngettext(
                    "%(n)d coming event you posted", "%(n)d coming events you posted", events
                )
                % {"n": events},
                count=events,
                url=reverse("info:event_list"),
                icon="calendar",
            )
        )
    if news:
        items.append(
            AreaItem(
                section="mine",
                label=ngettext(
                    "%(n)d current news item you posted",
                    "%(n)d current news items you posted",
                    news,
                )
                % {"n": news},
                count=news,
                url=reverse("info:news_list"),
                icon="news",
            )
        )
    return items
