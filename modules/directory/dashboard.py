"""The directory's figures on the administrator's dashboard: organisations and how current
their profiles are (changed or confirmed as up to date in the last 6 / 12 months)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dashboard.figures import DashboardSection, Headline, WeeklySeries, weekly_counts

from .models import Organisation, OrganisationChange

HALF_YEAR = timedelta(days=183)
YEAR = timedelta(days=365)


def dashboard_figures(*, since: date) -> list[DashboardSection]:
    """Published organisations, how current their profiles are, new ones and edits per week."""
    now = timezone.now()
    published = Organisation.objects.filter(status=Organisation.Status.APPROVED)
    counts = published.annotate(current_at=Greatest("updated_at", "last_reviewed_at")).aggregate(
        total=Count("pk"),
        half_year=Count("pk", filter=Q(current_at__gte=now - HALF_YEAR)),
        year=Count("pk", filter=Q(current_at__gte=now - YEAR)),
    )
    total, year = int(counts["total"] or 0), int(counts["year"] or 0)
    edits = OrganisationChange.objects.filter(
        action__in=[
            OrganisationChange.Action.EDITED,
            OrganisationChange.Action.REVIEWED,
            OrganisationChange.Action.OFFERING_ADDED,
            OrganisationChange.Action.OFFERING_EDITED,
            OrganisationChange.Action.OFFERING_REMOVED,
        ]
    )
    return [
        DashboardSection(
            key="directory",
            title=_("Organisations"),
            note=_("A profile counts as current when it was changed or confirmed as up to date."),
            headlines=(
                Headline(_("Published organisations"), total),
                Headline(_("Current in the last 6 months"), int(counts["half_year"] or 0)),
                Headline(_("Current in the last 12 months"), year),
                Headline(_("Not updated for more than 12 months"), total - year),
            ),
            series=(
                WeeklySeries(
                    "directory_new",
                    _("Organisations published"),
                    weekly_counts(
                        published.filter(approved_at__isnull=False), "approved_at", since=since
                    ),
                ),
                WeeklySeries(
                    "directory_updates",
                    _("Profile updates"),
                    weekly_counts(edits, "changed_at", since=since),
                ),
            ),
        )
    ]
