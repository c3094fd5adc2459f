"""The LQ Fonds' rounds in the browser: the administrator creates a round and moves it on
with a reason, records a payout's bank transfer; the winner files the impact report;
axe-core on each page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from billing.fees import payouts as ledger_payouts
from billing.fees.services import post_order_fee
from billing.ledger.models import OwnerKind
from modules.fund.models import ImpactReport, Payout, Phase, Round
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist

pytestmark = pytest.mark.django_db(transaction=True)


def _payout_waiting(towns):  # type: ignore[no-untyped-def]
    """A round in its payout phase: one winner, posted in the ledger, not yet transferred."""
    with tenant_context(towns["alpha"]):
        UserFactory(email="admin-fundc@alpha.example", town_admin=True)
        winner = UserFactory(email="winner-fundc@alpha.example", full_name="Erika Bauer")
        post_order_fee(order_key="e2e-fundc-1", provider_key="maler", amount_cents=90_000)
        fund_round = RoundFactory(
            phase=Phase.PAYOUT,
            slug="e2e-fundc",
            title="Sommerrunde",
            impact_due_on=timezone.localdate(),
        )
        proposal = ProposalFactory(
            round=fund_round, proposer=winner, title="Neue Bank", amount_cents=80_000
        )
        shortlist(fund_round, [proposal])
        payout = Payout.objects.create(
            round=fund_round, proposal=proposal, rank=1, amount_cents=80_000
        )
        ledger_payouts.post_fund_payout(
            payout_id=payout.public_id,
            owner_kind=OwnerKind.USER,
            owner_key=str(winner.public_id),
            amount_cents=80_000,
            memo="e2e payout",
        )
    return payout


def test_the_administrator_runs_a_round_and_the_winner_reports(live_server, page, towns) -> None:
    payout = _payout_waiting(towns)

    # given the administrator on the fund's management page
    _log_in(page, live_server, "admin-fundc@alpha.example")
    page.goto(town_url(live_server, "alpha", "/fund/manage/"))
    assert _violations(page) == []

    # when she creates a round
    page.click("a[href$='/fund/manage/rounds/new/']")
    page.wait_for_url(re.compile(r"/rounds/new/$"))
    assert _violations(page) == []
    page.fill("input[name=title]", "Herbstrunde E2E")
    page.fill("input[name=opens_on]", "2034-09-01")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    assert _violations(page) == []
    # and moves it on by hand with a reason
    page.fill("textarea[name=reason]", "Der Gemeinderat hat früher begonnen.")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    with tenant_context(towns["alpha"]):
        created = Round.objects.get(title="Herbstrunde E2E")
        assert created.phase == Phase.PROPOSALS

    # and records the bank transfer of the waiting payout
    page.goto(town_url(live_server, "alpha", f"/fund/manage/payouts/{payout.public_id}/transfer/"))
    assert _violations(page) == []
    page.fill("input[name=transferred_on]", timezone.localdate().isoformat())
    page.fill("input[name=reference]", "LQ-FONDS-E2E-1")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    with tenant_context(towns["alpha"]):
        payout.refresh_from_db()
        assert payout.transferred_on is not None
        assert Round.objects.get(slug="e2e-fundc").phase == Phase.IMPACT

    # then the winner files the impact report, and it shows on the round's page
    page.context.clear_cookies()
    _log_in(page, live_server, "winner-fundc@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/fund/impact/{payout.public_id}/"))
    assert _violations(page) == []
    page.fill("textarea[name=text]", "Die neue Bank steht am Spielplatz.")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/fund/rounds/e2e-fundc/$"))
    assert "Die neue Bank steht am Spielplatz." in page.content()
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        assert ImpactReport.objects.filter(payout=payout).exists()


def test_the_administrator_sets_the_funds_rules_and_changes_a_round(
    live_server, page, towns
) -> None:
    with tenant_context(towns["alpha"]):
        UserFactory(email="admin-fundrules@alpha.example", town_admin=True)
        fund_round = RoundFactory(phase=Phase.PROPOSALS, slug="e2e-fundrules", title="Alte Runde")
    _log_in(page, live_server, "admin-fundrules@alpha.example")

    # the fund's settings: a shortlist of four, rounds every six months
    page.goto(town_url(live_server, "alpha", "/fund/manage/settings/"))
    assert _violations(page) == []
    page.fill("input[name=shortlist_size]", "4")
    page.fill("input[name=round_months]", "6")
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    with tenant_context(towns["alpha"]):
        from modules.fund.models import FundSettings

        stored = FundSettings.current()
        assert (stored.shortlist_size, stored.round_months) == (4, 6)

    # a round's title and last voting day
    page.goto(town_url(live_server, "alpha", f"/fund/manage/rounds/{fund_round.slug}/edit/"))
    assert _violations(page) == []
    page.fill("input[name=title]", "Neue Runde")
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    with tenant_context(towns["alpha"]):
        fund_round.refresh_from_db()
        assert fund_round.title == "Neue Runde"
