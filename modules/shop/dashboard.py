"""The shop's figures on the administrator's dashboard: orders, and the fees they paid into
the LQ Fonds (this month, and per week)."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.fees.selectors import contributions_per_month
from billing.fees.services import FUND, KEY_PREFIX
from billing.ledger.models import Entry, OwnerKind, Unit
from portal.dashboard.figures import DashboardSection, Headline, WeeklySeries, weekly_counts
from portal.letters.periods import town_zone

from .models import Order, OrderStatus


def dashboard_figures(*, since: date) -> list[DashboardSection]:
    """Orders this month and the month's fees for the fund; requests and fees per week."""
    zone = town_zone()
    today = timezone.localdate(timezone.now(), zone)
    month_start = datetime(today.year, today.month, 1, tzinfo=zone)
    counts = Order.objects.aggregate(
        this_month=Count("pk", filter=Q(requested_at__gte=month_start)),
        completed=Count(
            "pk", filter=Q(status=OrderStatus.COMPLETED, completed_at__gte=month_start)
        ),
        waiting=Count("pk", filter=Q(status=OrderStatus.REQUESTED)),
    )
    fees = sum(contributions_per_month(since=today.replace(day=1)).values())
    entries = Entry.objects.filter(
        account__unit=Unit.EURO_CENTS,
        account__owner_kind=OwnerKind.FUND,
        account__purpose=FUND,
        transaction__key__startswith=KEY_PREFIX,
    )
    return [
        DashboardSection(
            key="shop",
            title=_("Services and offers"),
            note=_(
                "An order counts in the month it was requested. Fees are what the orders paid "
                "into the LQ Fonds, minus the fees of cancelled orders."
            ),
            headlines=(
                Headline(_("Orders this month"), int(counts["this_month"] or 0)),
                Headline(_("Orders completed this month"), int(counts["completed"] or 0)),
                Headline(_("Fees for the LQ Fonds this month"), int(fees), "cents"),
                Headline(_("Requests waiting for an answer now"), int(counts["waiting"] or 0)),
            ),
            series=(
                WeeklySeries(
                    "shop_orders",
                    _("Orders requested"),
                    weekly_counts(Order.objects.all(), "requested_at", since=since),
                ),
                WeeklySeries(
                    "shop_fees",
                    _("Fees for the LQ Fonds"),
                    weekly_counts(entries, "created_at", since=since, value=Sum("amount")),
                    unit="cents",
                ),
            ),
        )
    ]
