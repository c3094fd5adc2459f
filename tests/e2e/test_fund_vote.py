"""The vote in the browser: a resident votes online and sees the receipt; a poll worker
enters a paper ballot; the network office records a ballot by phone; axe-core on each
page."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import tenant_context

from modules.fund.models import Channel, VoterRecord
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.fund import voting_round
from tests.modules.fund.ballots_setup import voting_consent

pytestmark = pytest.mark.django_db(transaction=True)
CODE = re.compile(r"^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$")


def _round(towns, slug: str):  # type: ignore[no-untyped-def]
    with tenant_context(towns["alpha"]):
        fund_round, _ = voting_round(projects=3, slug=slug, title=f"Runde {slug}")
    return fund_round


def test_a_resident_votes_and_sees_the_receipt(live_server, page, towns) -> None:
    fund_round = _round(towns, "e2e-vote-online")
    with tenant_context(towns["alpha"]):
        UserFactory(email="waehlerin-e2e@alpha.example")
    # given a resident on the ballot
    _log_in(page, live_server, "waehlerin-e2e@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/fund/rounds/{fund_round.slug}/vote/"))
    assert _violations(page) == []
    # when she sends it without a choice, she is told so
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert "Please choose one project" in page.inner_text("#error-summary")
    # when she chooses project 2 and votes
    page.check("input[name=choices][value='2']")
    page.click("form.stacked button[type=submit]")
    # then she sees her receipt code, once, with a print button
    code = page.inner_text("[data-receipt-code]").strip()
    assert CODE.match(code)
    assert page.is_visible("button[data-print]")
    assert _violations(page) == []
    # and the ballot page now says she has voted
    page.goto(town_url(live_server, "alpha", f"/fund/rounds/{fund_round.slug}/vote/"))
    assert "You voted in" in page.inner_text("main")


def test_a_poll_worker_enters_a_paper_ballot(live_server, page, towns) -> None:
    fund_round = _round(towns, "e2e-vote-paper")
    with tenant_context(towns["alpha"]):
        UserFactory(email="wahlhelfer-e2e@alpha.example", poll_worker=True)
        person = UserFactory(email="papier-e2e@alpha.example", full_name="Gertrud Papierlein")
    _log_in(page, live_server, "wahlhelfer-e2e@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/fund/rounds/{fund_round.slug}/paper/"))
    assert _violations(page) == []
    # the worker finds her by name and chooses her
    page.fill("#id_q", "Papierlein")
    page.click("button[data-find]")
    page.click("text=Gertrud Papierlein")
    assert "Gertrud Papierlein" in page.inner_text("main")
    assert _violations(page) == []
    # and enters what is marked on her paper
    page.check("input[name=choices][value='3']")
    page.click("form.stacked button[type=submit]")
    assert CODE.match(page.inner_text("[data-receipt-code]").strip())
    assert "hand it to the person" in page.inner_text("main")
    with tenant_context(towns["alpha"]):
        record = VoterRecord.objects.get(round=fund_round, voter=person)
        assert record.channel == Channel.PAPER


def test_the_network_office_records_a_ballot_by_phone(live_server, page, towns) -> None:
    fund_round = _round(towns, "e2e-vote-phone")
    with tenant_context(towns["alpha"]):
        manager = UserFactory(email="netzwerk-e2e@alpha.example", moderator=True)
        person = UserFactory(email="telefon-e2e@alpha.example", full_name="Otto Fernsprech")
        voting_consent(person=person, recorded_by=manager)
    _log_in(page, live_server, "netzwerk-e2e@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/fund/rounds/{fund_round.slug}/assisted/"))
    assert _violations(page) == []
    page.click("text=Otto Fernsprech")
    page.check("input[name=choices][value='1']")
    page.click("form.stacked button[type=submit]")
    assert CODE.match(page.inner_text("[data-receipt-code]").strip())
    assert "Read this receipt code" in page.inner_text("main")
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        record = VoterRecord.objects.get(round=fund_round, voter=person)
        assert record.channel == Channel.ASSISTED
