"""The rounds API: public, read-only, the result once counted, isolated per town."""

from __future__ import annotations

import pytest
from django.utils import timezone

from modules.fund.models import ImpactReport, Payout, Phase
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist, voting_round

pytestmark = pytest.mark.django_db


def test_a_voting_round_shows_its_rules_and_shortlist_but_no_result(in_town_a, client_a) -> None:
    voting_round(slug="api-voting")
    body = client_a.get("/api/v1/fund/rounds/api-voting/").json()
    assert body["phase"] == "voting" and body["method"] == "single"
    assert [row["ballot_number"] for row in body["shortlist"]] == [1, 2, 3]
    assert body["result"] is None and body["payouts"] == []
    listed = client_a.get("/api/v1/fund/rounds/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert "api-voting" in [row["slug"] for row in rows]


def test_a_counted_round_shows_result_payouts_and_impact(in_town_a, client_a) -> None:
    fund_round = RoundFactory(
        phase=Phase.IMPACT,
        slug="api-counted",
        counted_at=timezone.now(),
        amount_cents=100_000,
        ballots_count=7,
        paper_count=1,
        assisted_count=1,
        counts={"1": 7},
        ranking=[1],
        digest="a" * 64,
    )
    proposal = ProposalFactory(round=fund_round, amount_cents=100_000)
    shortlist(fund_round, [proposal])
    payout = Payout.objects.create(
        round=fund_round, proposal=proposal, rank=1, amount_cents=100_000
    )
    ImpactReport.objects.create(payout=payout, text="Die Bank steht.")
    body = client_a.get("/api/v1/fund/rounds/api-counted/").json()
    assert body["result"]["ballots_count"] == 7 and body["result"]["digest"] == "a" * 64
    assert body["payouts"][0]["amount_cents"] == 100_000
    assert body["payouts"][0]["impact_report"]["text"] == "Die Bank steht."


def test_the_api_is_read_only_and_isolated(in_town_a, client_a, client_b) -> None:
    RoundFactory(slug="api-only-a")
    assert client_a.post("/api/v1/fund/rounds/", {}).status_code == 405
    assert client_b.get("/api/v1/fund/rounds/api-only-a/").status_code == 404
