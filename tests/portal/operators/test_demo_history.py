"""A demo town has a believable past: its dashboard shows figures in every section over
the last twelve weeks, the ledger still balances, and loading the demo again adds nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from billing.ledger.models import Account, Entry, Transaction
from billing.ledger.selectors import balance_of
from modules.exchange.models import Listing, TimeTransfer
from modules.info.models import Event
from portal.accounts.models import User
from portal.dashboard.models import SeenDay
from portal.dashboard.selectors import town_dashboard
from portal.mail_log.models import SentEmail
from portal.operators.management.commands.demo import DEMO_TOWNS, fill_demo_town
from portal.search.models import UnfoundSearch

pytestmark = pytest.mark.django_db

RECENT_WEEKS = 12


def _recent_figures() -> dict[str, dict[str, int]]:
    """Per section, each series' total over the last twelve weeks (the current one included)."""
    dashboard = town_dashboard()
    recent = set(dashboard.period.weeks[-RECENT_WEEKS:])
    return {
        view.section.key: {
            series.key: sum(v for week, v in series.weeks.items() if week in recent)
            for series in view.section.series
        }
        for view in dashboard.sections
    }


def _counts() -> dict[str, int]:
    return {
        "people": User.objects.count(),
        "seen": SeenDay.objects.count(),
        "mail": SentEmail.objects.count(),
        "unfound": UnfoundSearch.objects.aggregate(n=Sum("count"))["n"] or 0,
        "listings": Listing.all_objects.count(),
        "transfers": TimeTransfer.objects.count(),
        "entries": Entry.objects.count(),
        "events": Event.objects.count(),
    }


def test_the_demo_dashboard_has_figures_in_every_section_for_the_last_twelve_weeks(
    in_town_a,
) -> None:
    # when a demo town is filled (the command's own steps, in the test town)
    fill_demo_town(DEMO_TOWNS[0], in_town_a)
    figures = _recent_figures()
    # then every section of the dashboard, and every figure in it, is more than zero
    assert {"residents", "exchange", "timebank", "directory", "events", "search", "email"} <= set(
        figures
    ), figures.keys()
    for section, series in figures.items():
        assert series, section
        empty = [key for key, total in series.items() if total == 0]
        assert empty == [], (section, empty)
    # and the past is spread over the weeks, not piled up in this one
    dashboard = town_dashboard()
    for view in dashboard.sections:
        for series in view.section.series:
            if series.key in ("residents_registered", "exchange_listings", "email_sent"):
                weeks_with_figures = [w for w, v in series.weeks.items() if v]
                assert len(weeks_with_figures) >= 8, series.key


def test_the_history_keeps_the_ledger_balanced_and_dated(in_town_a) -> None:
    fill_demo_town(DEMO_TOWNS[0], in_town_a)
    # every transaction balances per unit
    unbalanced = (
        Entry.objects.values("transaction_id", "account__unit")
        .annotate(total=Sum("amount"))
        .exclude(total=0)
    )
    assert list(unbalanced) == []
    # every balance shown is the sum of its account's entries, and all sum to zero
    accounts = list(Account.objects.annotate(n=Count("entries")).filter(n__gt=0))
    assert len(accounts) >= 5
    sums = {a.pk: Entry.objects.filter(account=a).aggregate(s=Sum("amount"))["s"] for a in accounts}
    assert all(balance_of(a) == sums[a.pk] for a in accounts)
    assert sum(sums.values()) == 0
    # and every confirmed transfer was posted on the day it was confirmed, over twelve weeks
    confirmed = TimeTransfer.objects.filter(status=TimeTransfer.Status.CONFIRMED)
    dates = []
    for transfer in confirmed.select_related("ledger_transaction"):
        posted: Transaction = transfer.ledger_transaction
        assert posted.created_at == transfer.confirmed_at
        dates.append(posted.created_at)
    now = timezone.now()
    assert min(dates) < now - timedelta(weeks=10) and max(dates) > now - timedelta(weeks=3)


def test_loading_the_demo_again_adds_nothing(in_town_a) -> None:
    # given a filled demo town
    fill_demo_town(DEMO_TOWNS[0], in_town_a)
    before = _counts()
    figures = _recent_figures()
    # when the demo is loaded again
    fill_demo_town(DEMO_TOWNS[0], in_town_a)
    # then there is nothing more, and the dashboard says the same
    assert _counts() == before
    assert _recent_figures() == figures


def _mail_log() -> list[tuple[object, str, bool]]:
    rows = SentEmail.objects.values_list("public_id", "kind", "bounced_at")
    return sorted((public_id, kind, bounced is not None) for public_id, kind, bounced in rows)


def test_the_history_is_the_same_each_time(in_town_a) -> None:
    from portal.operators.demo_history import write_history

    # given the history written once (in a town that has sent nothing yet)
    SentEmail.objects.all().delete()
    demo = DEMO_TOWNS[1]
    args = {
        "town_slug": demo.slug,
        "domain": demo.domain,
        "districts": demo.districts,
        "founders": [],
        "residents": demo.residents,
        "unfound_terms": demo.unfound_terms,
    }
    assert write_history(**args) is True
    first = _mail_log()
    terms = sorted(UnfoundSearch.objects.values_list("term", "week", "count"))
    # when it is written again after being removed, then it is the same (seeded)
    SentEmail.objects.all().delete()
    UnfoundSearch.objects.all().delete()
    assert write_history(**args) is True
    assert _mail_log() == first
    assert sorted(UnfoundSearch.objects.values_list("term", "week", "count")) == terms
    # and a third time it sees it is there and writes nothing
    assert write_history(**args) is False
