"""The dashboard's exchange history does not shrink when people delete listings or accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from modules.exchange import services
from modules.exchange.dashboard import dashboard_figures
from modules.exchange.services.timebank import confirm_transfer, propose_transfer
from portal.accounts.services import delete_account
from tests.factories import PASSWORD, UserFactory
from tests.factories.exchange import ListingFactory

pytestmark = pytest.mark.django_db


def _totals() -> dict[str, int]:
    sections = dashboard_figures(since=timezone.localdate() - timedelta(days=30))
    return {s.key: sum(s.weeks.values()) for section in sections for s in section.series}


def test_deleted_listings_and_accounts_stay_in_the_weekly_history(in_town_a) -> None:
    # given two listings posted this week and an hour Paula gave Bert
    paula, bert, owner = UserFactory(), UserFactory(), UserFactory()
    ListingFactory(owner=owner)
    gone = ListingFactory(owner=owner)
    transfer = propose_transfer(proposer=paula, payer=paula, payee=bert, minutes=60, note="Danke")
    confirm_transfer(transfer=transfer, by=bert)
    before = _totals()
    assert before["exchange_listings"] == 2 and before["timebank_minutes"] == 60
    # when a listing is deleted and Bert, who received the hour, deletes his account
    services.delete_listing(listing=gone, by=owner)
    delete_account(user=bert, password=PASSWORD)
    # then the weeks still show both listings and the hour
    assert _totals() == before
