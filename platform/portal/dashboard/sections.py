"""The platform's own dashboard sections (residents, e-mail, searches) and the page's list.

Modules contribute theirs through the registry (`TownModule.dashboard_figures`); the
platform's are providers of the same shape, listed here, so one more section is one more
function in `PLATFORM_SECTIONS` or one more module declaration.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import registry
from portal.accounts.models import User
from portal.mail_log.models import SentEmail

from .figures import DashboardSection, Headline, TopItem, WeeklySeries, weekly_counts
from .models import SeenDay

ACTIVE_DAYS = 30
TOP_TERMS = 10


def residents_section(*, since: date) -> list[DashboardSection]:
    """Accounts registered per week and people who used the portal per week."""
    users = User.objects.people()
    first_active_day = timezone.localdate() - timedelta(days=ACTIVE_DAYS - 1)
    active = SeenDay.objects.filter(day__gte=first_active_day).aggregate(
        people=Count("user", distinct=True)
    )["people"]
    return [
        DashboardSection(
            key="residents",
            title=_("Residents"),
            headlines=(
                Headline(_("Registered accounts"), users.count()),
                Headline(_("Active in the last 30 days"), int(active or 0)),
            ),
            series=(
                WeeklySeries(
                    "residents_registered",
                    _("New accounts"),
                    weekly_counts(users, "date_joined", since=since),
                ),
                WeeklySeries(
                    "residents_active",
                    _("People who used the portal"),
                    weekly_counts(
                        SeenDay.objects.all(),
                        "day",
                        since=since,
                        value=Count("user", distinct=True),
                    ),
                    chart="line",
                ),
            ),
        )
    ]


def email_section(*, since: date) -> list[DashboardSection]:
    """E-mails the town sent per week, and how many of them bounced."""
    return [
        DashboardSection(
            key="email",
            title=_("E-mail"),
            note=_("A bounced e-mail could not be delivered, e.g. because the address is wrong."),
            series=(
                WeeklySeries(
                    "email_sent",
                    _("E-mails sent"),
                    weekly_counts(SentEmail.objects.all(), "sent_at", since=since),
                ),
                WeeklySeries(
                    "email_bounced",
                    _("E-mails bounced"),
                    weekly_counts(
                        SentEmail.objects.filter(bounced_at__isnull=False),
                        "bounced_at",
                        since=since,
                    ),
                ),
            ),
        )
    ]


def _field(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


def _unfound_searches() -> Callable[..., Iterable[Any]] | None:
    """SEARCH's selector once that part is installed; None before (the section is left out)."""
    try:
        selectors = importlib.import_module("portal.search.selectors")
    except ImportError:
        return None
    found = getattr(selectors, "unfound_searches", None)
    return found if callable(found) else None


def unfound_searches_section(*, since: date) -> list[DashboardSection]:
    """Searches that found nothing: per week, and the terms asked for most often."""
    unfound = _unfound_searches()
    if unfound is None:
        return []
    weeks: dict[date, int] = {}
    terms: dict[str, int] = {}
    # Rows of (term, week, count), counted per normalised term and week.
    for row in unfound(since=since):
        week, count, term = _field(row, "week"), int(_field(row, "count") or 0), _field(row, "term")
        if hasattr(week, "date"):
            week = week.date()
        if week is not None:
            weeks[week] = weeks.get(week, 0) + count
        if term:
            terms[str(term)] = terms.get(str(term), 0) + count
    top = sorted(terms.items(), key=lambda item: (-item[1], item[0]))[:TOP_TERMS]
    return [
        DashboardSection(
            key="search",
            title=_("Searches that found nothing"),
            series=(WeeklySeries("search_unfound", _("Searches without a result"), weeks),),
            top=tuple(TopItem(label=term, value=count) for term, count in top),
            top_label=_("What people looked for most often and did not find"),
        )
    ]


PLATFORM_FIRST: Sequence[Callable[..., list[DashboardSection]]] = (residents_section,)
PLATFORM_LAST: Sequence[Callable[..., list[DashboardSection]]] = (
    unfound_searches_section,
    email_section,
)


def dashboard_sections(*, since: date) -> list[DashboardSection]:
    """Every section of the current town's dashboard: residents, the modules', the rest."""
    sections = [section for provider in PLATFORM_FIRST for section in provider(since=since)]
    sections += registry.dashboard_sections(since=since)
    sections += [section for provider in PLATFORM_LAST for section in provider(since=since)]
    return sections
