"""The info module's figures on the administrator's dashboard: events."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dashboard.figures import DashboardSection, Headline, WeeklySeries, weekly_counts

from .models import Event, Recurrence


def dashboard_figures(*, since: date) -> list[DashboardSection]:
    """Events announced per week and events taking place per week (a series by its first date)."""
    events = Event.objects.filter(cancelled_at__isnull=True)
    now = timezone.now()
    coming = events.aggregate(
        coming=Count(
            "pk",
            filter=Q(start__gte=now)
            | (~Q(recurrence=Recurrence.NONE) & Q(recurrence_until__gte=timezone.localdate())),
        )
    )["coming"]
    return [
        DashboardSection(
            key="events",
            title=_("Events"),
            headlines=(Headline(_("Coming events"), int(coming or 0)),),
            series=(
                WeeklySeries(
                    "events_announced",
                    _("Events announced"),
                    weekly_counts(events, "created_at", since=since),
                ),
                WeeklySeries(
                    "events_taking_place",
                    _("Events taking place"),
                    weekly_counts(events.filter(start__lte=now), "start", since=since),
                ),
            ),
        )
    ]
