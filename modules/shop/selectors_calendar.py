"""Reads of a business's calendar: its feed, and the appointments the feed lists."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from portal.accounts.models import User

from .models import CalendarFeed, Order, OrderStatus, Provider

# How far back the feed reaches: recent appointments stay in the calendar for a month, as do
# cancelled ones (marked STATUS:CANCELLED, so a subscribed calendar strikes them out).
FEED_DAYS_BACK = 30
# How long a calendar app may keep the feed before asking again (the cache header).
FEED_REFRESH = timedelta(hours=1)


def may_keep_calendar(*, user: User | AnonymousUser, provider: Provider) -> bool:
    """Whoever acts for the business (its owner; the network manager for a profile without
    owner) keeps its calendar address."""
    from .services.orders import may_act_for_provider

    return isinstance(user, User) and may_act_for_provider(user=user, provider=provider)


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed whose address holds `token` (in this town), with its provider."""
    if not token or len(token) > 64:
        return None
    return CalendarFeed.objects.select_related("provider").filter(token=token).first()


def feed_of(provider: Provider) -> CalendarFeed | None:
    """The provider's feed, if it has one."""
    return CalendarFeed.objects.filter(provider=provider).first()


def feed_orders(provider: Provider) -> QuerySet[Order]:
    """The provider's appointments for its feed: accepted and confirmed ones from 30 days
    back on, completed ones of the last 30 days, and ones cancelled in the last 30 days."""
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    current = Q(
        status__in=(OrderStatus.ACCEPTED, OrderStatus.CONFIRMED), appointment_end__gte=since
    )
    done = Q(status=OrderStatus.COMPLETED, completed_at__gte=since)
    called_off = Q(status=OrderStatus.CANCELLED, cancelled_at__gte=since)
    return (
        Order.objects.filter(provider=provider, appointment_start__isnull=False)
        .filter(current | done | called_off)
        .select_related("provider", "resident")
        .order_by("appointment_start", "id")
    )
