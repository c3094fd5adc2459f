"""The LQ Fonds' proposals in the browser: a resident proposes a project with a photo and
edits it; a committee member recommends one proposal and declares a tie to another; the
chair closes the review with the shortlist; axe-core on each form."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import tenant_context

from modules.fund.models import Declaration, Outcome, Phase, Proposal, Recommendation, Round
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.branding import png_bytes
from tests.factories.fund import ProposalFactory, RoundFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_proposes_with_a_photo_and_edits(live_server, page, towns, tmp_path) -> None:
    with tenant_context(towns["alpha"]):
        RoundFactory(phase=Phase.PROPOSALS, slug="e2e-fund-open", title="Frühjahrsrunde")
        UserFactory(email="proposer-fund@alpha.example")
    photo = tmp_path / "bank.png"
    photo.write_bytes(png_bytes())

    # given a resident on the "propose a project" page
    _log_in(page, live_server, "proposer-fund@alpha.example")
    page.goto(town_url(live_server, "alpha", "/fund/rounds/e2e-fund-open/propose/"))
    assert _violations(page) == []

    # when she fills it in and sends it
    page.fill("input[name=title]", "Bank am Spielplatz")
    page.fill("textarea[name=summary]", "Eine neue Bank für die Großeltern.")
    page.fill("textarea[name=description]", "Die alte Bank ist morsch.")
    page.fill("input[name=amount_cents]", "1.500,00")
    page.fill("textarea[name=beneficiaries]", "Familien und ältere Menschen")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")

    # then she adds a photo on the next page
    page.wait_for_url(re.compile(r"/photos/$"))
    assert _violations(page) == []
    page.set_input_files("input[name=image]", str(photo))
    page.fill("input[name=alt_text]", "Die alte Bank")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    assert page.locator("img[alt='Die alte Bank']").count() == 1

    # and changes the title while proposals are open
    with tenant_context(towns["alpha"]):
        proposal = Proposal.objects.get(round__slug="e2e-fund-open")
        assert proposal.amount_cents == 150_000 and proposal.photos.count() == 1
    page.goto(town_url(live_server, "alpha", f"/fund/proposals/{proposal.public_id}/edit/"))
    page.fill("input[name=title]", "Zwei Bänke am Spielplatz")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    assert "Zwei Bänke am Spielplatz" in page.locator("h1").inner_text()
    assert page.locator("[data-state]").count() == 1  # she sees it waits for approval


def test_the_committee_recommends_declares_and_the_chair_closes(live_server, page, towns) -> None:
    with tenant_context(towns["alpha"]):
        fund_round = RoundFactory(phase=Phase.REVIEW, slug="e2e-fund-review", shortlist_size=1)
        first = ProposalFactory(round=fund_round, title="Hochbeet an der Schule")
        second = ProposalFactory(round=fund_round, title="Bücherschrank am Markt")
        UserFactory(email="member-fund@alpha.example", roles=[Role.RESIDENT, Role.COMMITTEE])
        UserFactory(email="chair-fund@alpha.example", roles=[Role.RESIDENT, Role.COMMITTEE_CHAIR])

    # given a committee member on a proposal's page
    _log_in(page, live_server, "member-fund@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/fund/committee/proposals/{first.public_id}/"))
    assert _violations(page) == []
    # when she recommends it with a reason
    page.check("input[name=verdict][value=recommend]")
    page.fill("textarea[name=reason]", "Die Kinder lernen dabei viel.")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/committee/e2e-fund-review/$"))
    assert _violations(page) == []
    # and declares a tie to the other one
    page.goto(
        town_url(live_server, "alpha", f"/fund/committee/proposals/{second.public_id}/declare/")
    )
    page.fill("textarea[name=note]", "Mein Bruder baut den Schrank.")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    with tenant_context(towns["alpha"]):
        assert Recommendation.objects.filter(proposal=first, verdict="recommend").exists()
        assert Declaration.objects.filter(proposal=second).exists()

    # then the chair closes the review with a shortlist of one and a reason for the other
    page.context.clear_cookies()
    _log_in(page, live_server, "chair-fund@alpha.example")
    page.goto(town_url(live_server, "alpha", "/fund/committee/e2e-fund-review/close/"))
    assert _violations(page) == []
    page.check(f"input[name=shortlist][value='{first.public_id}']")
    page.fill(f"textarea[name=reason_{second.public_id}]", "Es gibt schon einen Schrank.")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    with tenant_context(towns["alpha"]):
        assert Round.objects.get(pk=fund_round.pk).review_closed_at is not None
        assert Proposal.objects.get(pk=first.pk).ballot_number == 1
        left_out = Proposal.objects.get(pk=second.pk)
        assert left_out.outcome == Outcome.NOT_SHORTLISTED
        assert left_out.outcome_reason == "Es gibt schon einen Schrank."


def test_a_neighbour_reports_a_proposal_and_its_proposer_withdraws_it(
    live_server, page, towns
) -> None:
    with tenant_context(towns["alpha"]):
        proposer = UserFactory(email="withdraw-fund@alpha.example")
        UserFactory(email="reporter-fund@alpha.example")
        proposal = ProposalFactory(
            round=RoundFactory(phase=Phase.PROPOSALS), proposer=proposer, title="Bank am Teich"
        )
    address = f"/fund/proposals/{proposal.public_id}/"

    # a neighbour reports it to the moderators
    _log_in(page, live_server, "reporter-fund@alpha.example")
    page.goto(town_url(live_server, "alpha", address))
    page.click("a[href$='/report/']")
    assert _violations(page) == []
    page.fill("textarea[name=reason]", "Das ist Werbung für eine Firma.")
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    with tenant_context(towns["alpha"]):
        assert proposal.reports.filter(reason="Das ist Werbung für eine Firma.").exists()

    # the proposer withdraws it from its page
    page.context.clear_cookies()
    _log_in(page, live_server, "withdraw-fund@alpha.example")
    page.goto(town_url(live_server, "alpha", address))
    with page.expect_navigation():
        page.click("form[action$='/withdraw/'] button[type=submit]")
    assert "You have withdrawn this proposal." in page.locator("main").inner_text()
    with tenant_context(towns["alpha"]):
        proposal.refresh_from_db()
        assert proposal.outcome == Outcome.WITHDRAWN
