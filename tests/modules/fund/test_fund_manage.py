"""The fund's management pages: only town administrators; a round created, changed, moved on
by hand with a reason; refusals shown; isolation between towns."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from modules.fund.models import Phase, Round
from portal.accounts.models import AuditEntry
from tests.factories import UserFactory
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist

pytestmark = pytest.mark.django_db


def test_only_administrators_reach_the_management(in_town_a, client_a) -> None:
    fund_round = RoundFactory(phase=Phase.PROPOSALS)
    pages = ["/fund/manage/", "/fund/manage/settings/", f"/fund/manage/rounds/{fund_round.slug}/"]
    # an outsider is sent to log in, a member (committee chair) is refused
    for page in pages:
        assert client_a.get(page).status_code == 302
    client_a.force_login(UserFactory(committee_chair=True))
    for page in pages:
        assert client_a.get(page).status_code == 403
    # the owner (a town administrator) sees them
    client_a.force_login(UserFactory(town_admin=True))
    for page in pages:
        assert client_a.get(page).status_code == 200


def test_an_administrator_creates_and_moves_a_round(in_town_a, client_a) -> None:
    admin = UserFactory(town_admin=True)
    client_a.force_login(admin)
    response = client_a.post("/fund/manage/rounds/new/", {"title": "", "opens_on": "2032-03-01"})
    assert response.status_code == 302
    fund_round = Round.objects.get(slug="2032-1")
    assert fund_round.phase == Phase.SCHEDULED
    # without a reason nothing moves
    advance = f"/fund/manage/rounds/{fund_round.slug}/advance/"
    client_a.post(advance, {"to": Phase.PROPOSALS, "reason": ""})
    fund_round.refresh_from_db()
    assert fund_round.phase == Phase.SCHEDULED
    # with a reason it moves one step, audited
    client_a.post(advance, {"to": Phase.PROPOSALS, "reason": "Früher los"})
    fund_round.refresh_from_db()
    assert fund_round.phase == Phase.PROPOSALS
    assert AuditEntry.objects.filter(action="fund_round_moved", actor=admin).exists()
    # the same form sent again (a double click) does not move it a second step
    response = client_a.post(advance, {"to": Phase.PROPOSALS, "reason": "Früher los"}, follow=True)
    fund_round.refresh_from_db()
    assert fund_round.phase == Phase.PROPOSALS
    assert "only moves forward" in response.content.decode()


def test_voting_without_a_closed_review_is_refused_with_its_reason(in_town_a, client_a) -> None:
    client_a.force_login(UserFactory(town_admin=True))
    fund_round = RoundFactory(phase=Phase.REVIEW)
    response = client_a.post(
        f"/fund/manage/rounds/{fund_round.slug}/advance/",
        {"to": Phase.VOTING, "reason": "los"},
        follow=True,
    )
    fund_round.refresh_from_db()
    assert fund_round.phase == Phase.REVIEW
    assert "closed the review" in response.content.decode()


def test_changing_dates_in_the_wrong_order_is_refused(in_town_a, client_a) -> None:
    client_a.force_login(UserFactory(town_admin=True))
    fund_round = RoundFactory(phase=Phase.SCHEDULED)
    before = Round.objects.filter(pk=fund_round.pk).values().get()
    data = {
        "title": "<script>x</script>",
        "proposals_open_on": "2033-05-01",
        "review_on": "2033-04-01",
        "voting_on": "2033-04-10",
        "last_voting_day": "2033-04-09",
        "closing_hour": 18,
        "method": "single",
        "max_choices": 1,
        "shortlist_size": 3,
        "tie_rule": "smaller_amount",
        "amount_mode": "balance",
        "fixed_amount_cents": "",
    }
    response = client_a.post(f"/fund/manage/rounds/{fund_round.slug}/edit/", data)
    assert response.status_code == 400
    assert Round.objects.filter(pk=fund_round.pk).values().get() == before
    # in order, it is saved in the town's time zone and audited
    data.update(title="Frühjahr", review_on="2033-05-20", voting_on="2033-06-01")
    data.update(last_voting_day="2033-06-14")
    response = client_a.post(f"/fund/manage/rounds/{fund_round.slug}/edit/", data)
    assert response.status_code == 302
    fund_round.refresh_from_db()
    assert fund_round.title == "Frühjahr"
    assert fund_round.voting_ends_at.hour in (16, 17)  # 18:00 in Berlin, in UTC
    assert AuditEntry.objects.filter(action="fund_round_changed").exists()


def test_a_round_of_town_a_does_not_exist_in_town_b(in_town_a, client_a, client_b, town_b) -> None:
    fund_round = RoundFactory(phase=Phase.PROPOSALS, slug="nur-in-a")
    assert client_a.get(f"/fund/rounds/{fund_round.slug}/").status_code == 200
    assert client_b.get(f"/fund/rounds/{fund_round.slug}/").status_code == 404
    with tenant_context(town_b):
        admin_b = UserFactory(town_admin=True, email="fund-admin-b@example.org")
        client_b.force_login(admin_b)
    assert client_b.get(f"/fund/manage/rounds/{fund_round.slug}/").status_code == 404


def test_the_fund_page_costs_the_same_queries_with_50_past_rounds(in_town_a, client_a) -> None:
    def past(number: int) -> None:
        fund_round = RoundFactory(phase=Phase.CLOSED, slug=f"past-{number}")
        shortlist(fund_round, [ProposalFactory(round=fund_round)])

    past(0)
    client_a.get("/fund/")
    with CaptureQueriesContext(connection) as one:
        client_a.get("/fund/")
    for number in range(1, 50):
        past(number)
    with CaptureQueriesContext(connection) as many:
        response = client_a.get("/fund/")
    assert response.status_code == 200
    assert len(many) == len(one)


def test_the_round_page_shows_dates_rules_and_the_shortlist(in_town_a, client_a) -> None:
    fund_round = RoundFactory(
        phase=Phase.VOTING,
    )
    shortlist(fund_round, [ProposalFactory(round=fund_round, title="Neue Bank")])
    html = client_a.get(f"/fund/rounds/{fund_round.slug}/").content.decode()
    assert "Neue Bank" in html and 'id="round-rules"' in html
    assert f"/fund/rounds/{fund_round.slug}/vote/" in html


def test_the_consoles_modules_page_links_to_the_funds_management(in_town_a, client_a) -> None:
    from django.urls import reverse

    client_a.force_login(UserFactory(town_admin=True))
    html = client_a.get(reverse("console:modules")).content.decode()
    assert f'href="{reverse("fund:manage")}"' in html


def test_the_home_panel_says_vote_now_while_a_round_votes(in_town_a, client_a) -> None:
    from tests.factories.fund import voting_round

    fund_round, _proposals = voting_round(title="Abstimmung Jetzt")
    home = client_a.get("/").content.decode()
    panel = home.split('id="fund-panel-heading"', 1)[1].split("</section>", 1)[0]
    assert f"/fund/rounds/{fund_round.slug}/vote/" in panel


def test_a_transfer_form_with_bad_input_changes_nothing(in_town_a, client_a) -> None:
    from billing.fees import payouts as ledger_payouts
    from billing.fees.services import post_order_fee
    from billing.ledger.models import OwnerKind
    from modules.fund.models import Payout

    post_order_fee(order_key="manage-transfer-1", provider_key="maler", amount_cents=9_000)
    fund_round = RoundFactory(phase=Phase.PAYOUT)
    proposal = ProposalFactory(round=fund_round, amount_cents=5_000)
    shortlist(fund_round, [proposal])
    payout = Payout.objects.create(round=fund_round, proposal=proposal, rank=1, amount_cents=5_000)
    assert proposal.proposer is not None
    ledger_payouts.post_fund_payout(
        payout_id=payout.public_id,
        owner_kind=OwnerKind.USER,
        owner_key=str(proposal.proposer.public_id),
        amount_cents=5_000,
        memo="test",
    )
    page = f"/fund/manage/payouts/{payout.public_id}/transfer/"
    # the winner (a member of the round) and an outsider cannot record it
    assert client_a.get(page).status_code == 302
    client_a.force_login(proposal.proposer)
    assert (
        client_a.post(page, {"transferred_on": "2026-01-01", "reference": "x"}).status_code == 403
    )
    client_a.force_login(UserFactory(town_admin=True))
    for data in (
        {"transferred_on": "", "reference": "R-1"},
        {"transferred_on": "kein Datum", "reference": "R-1"},
        {"transferred_on": "2026-01-01", "reference": ""},
        {"transferred_on": "2026-01-01", "reference": "x" * 141},
        {"transferred_on": "2026-01-01", "reference": "<script>\x07</script>"},
    ):
        response = client_a.post(page, data)
        assert response.status_code == 400, data
        assert 'id="error-summary"' in response.content.decode()
    payout.refresh_from_db()
    assert payout.transferred_on is None


def test_the_round_page_costs_the_same_queries_with_many_payouts(in_town_a, client_a) -> None:
    from modules.fund.models import ImpactReport, Payout

    def counted_round(slug: str, winners: int) -> Round:
        fund_round = RoundFactory(phase=Phase.IMPACT, slug=slug, ranking=list(range(1, 8)))
        proposals = [ProposalFactory(round=fund_round) for _ in range(7)]
        shortlist(fund_round, proposals)
        for rank, proposal in enumerate(proposals[:winners], start=1):
            payout = Payout.objects.create(
                round=fund_round, proposal=proposal, rank=rank, amount_cents=100
            )
            ImpactReport.objects.create(payout=payout, text=f"Bericht {rank}")
        return fund_round

    small, large = counted_round("few-payouts", 1), counted_round("many-payouts", 7)
    client_a.get(f"/fund/rounds/{small.slug}/")
    with CaptureQueriesContext(connection) as one:
        client_a.get(f"/fund/rounds/{small.slug}/")
    with CaptureQueriesContext(connection) as many:
        html = client_a.get(f"/fund/rounds/{large.slug}/").content.decode()
    assert len(many) == len(one)
    assert "Bericht 7" in html
