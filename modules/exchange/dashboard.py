"""The exchange's figures on the administrator's dashboard: listings, matches, hours."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from billing.ledger.models import OwnerKind, Unit
from billing.ledger.selectors import credited_per_week
from portal.dashboard.figures import (
    DashboardSection,
    Headline,
    WeeklySeries,
    start_of,
    weekly_counts,
)

from .models import Listing, TimeTransfer


def dashboard_figures(*, since: date) -> list[DashboardSection]:
    """Listings posted and taken per week, and the hours the time bank moved per week."""
    # all_objects: listings deleted since still count for the weeks they were posted/taken.
    listings = Listing.all_objects.all()
    now = Listing.objects.aggregate(
        active=Count("pk", filter=Q(status=Listing.Status.ACTIVE, is_hidden=False)),
    )
    # A deleted account's time account is held anonymously: its hours still happened.
    minutes = credited_per_week(
        unit=Unit.MINUTES, owner_kinds=(OwnerKind.USER, OwnerKind.ANONYMOUS), since=since
    )
    helpers = TimeTransfer.objects.filter(
        status=TimeTransfer.Status.CONFIRMED, confirmed_at__gte=start_of(since)
    ).aggregate(people=Count("to_account", distinct=True))["people"]
    return [
        DashboardSection(
            key="exchange",
            title=_("Swap exchange"),
            note=_("A match is a listing that found someone: it was marked as taken."),
            headlines=(Headline(_("Active listings now"), int(now["active"] or 0)),),
            series=(
                WeeklySeries(
                    "exchange_listings",
                    _("New listings"),
                    weekly_counts(listings, "created_at", since=since),
                ),
                WeeklySeries(
                    "exchange_matches",
                    _("Matches"),
                    weekly_counts(listings.filter(taken_at__isnull=False), "taken_at", since=since),
                ),
            ),
        ),
        DashboardSection(
            key="timebank",
            title=_("Time bank"),
            headlines=(
                Headline(_("Hours exchanged in the last year"), sum(minutes.values()), "minutes"),
                Headline(_("People who helped others"), int(helpers or 0)),
            ),
            series=(
                WeeklySeries(
                    "timebank_minutes",
                    _("Hours exchanged"),
                    minutes,
                    unit="minutes",
                ),
            ),
        ),
    ]
