"""The LQ Fonds' open-format downloads: rounds, projects with results, the balance per month."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from billing.fees import services as fee_services
from modules.fund.models import Outcome, Payout, Phase
from portal.moderation.models import ReviewStatus
from tests.downloads import as_german_administrator, fetch, same_queries_for_more_rows
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist

pytestmark = pytest.mark.django_db

ROUNDS = "/manage/downloads/fund/fund-rounds.csv"
PROJECTS = "/manage/downloads/fund/fund-projects.csv"
BALANCE = "/manage/downloads/fund/fund-balance.csv"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def console(in_town_a, client_a):  # type: ignore[no-untyped-def]
    return as_german_administrator(client_a, UserFactory(town_admin=True))


def _counted_round():  # type: ignore[no-untyped-def]
    """A counted round: "Spielplatz" won with 7 votes and was paid, "Bücherei" got 3."""
    fund_round = RoundFactory(phase=Phase.PAYOUT, title="Frühjahr 2026", slug="2026-1")
    club = OrganisationFactory(name="Förderverein Spielplatz")
    winner = ProposalFactory(round=fund_round, title="Spielplatz", organisation=club)
    second = ProposalFactory(round=fund_round, title="Bücherei", amount_cents=50_000)
    shortlist(fund_round, [winner, second])
    fund_round.amount_cents, fund_round.counted_at = 150_000, timezone.now()
    fund_round.counts, fund_round.ranking, fund_round.ballots_count = {"1": 7, "2": 3}, [1, 2], 10
    fund_round.save()
    Payout.objects.create(
        round=fund_round,
        proposal=winner,
        rank=1,
        amount_cents=150_000,
        transferred_on=datetime(2026, 5, 2).date(),
    )
    return fund_round, winner, second


def test_the_projects_file_holds_results_and_payouts_but_no_proposer(console) -> None:
    # given a counted round, and a proposal nobody may see yet
    fund_round, winner, second = _counted_round()
    proposer = winner.proposer
    ProposalFactory(round=fund_round, title="Wartet", status=ReviewStatus.PENDING)
    # when the administrator downloads the projects
    got = fetch(console, PROJECTS)
    header, *rows = got.rows
    by_title = {row[header.index("Projekt")]: dict(zip(header, row, strict=True)) for row in rows}
    # then each public project has its decision, votes, place and payout
    assert set(by_title) == {"Spielplatz", "Bücherei"}
    won = by_title["Spielplatz"]
    assert won["Runde"] == "Frühjahr 2026"
    assert won["Organisation"] == "Förderverein Spielplatz"
    assert won["Beantragter Betrag (Euro)"] == "1500.00"
    assert won["Entscheidung des Beirats"] == "Auf der Auswahlliste"
    assert (won["Stimmen"], won["Rang"]) == ("7", "1")
    assert won["Ausgezahlt (Euro)"] == "1500.00"
    assert won["Datum der Überweisung"] == "2026-05-02"
    assert (by_title["Bücherei"]["Stimmen"], by_title["Bücherei"]["Ausgezahlt (Euro)"]) == ("3", "")
    assert second.outcome == Outcome.SHORTLISTED
    # and nothing of the residents who proposed them
    assert proposer.full_name not in got.text and proposer.email not in got.text


def test_the_rounds_file_holds_each_round_but_not_one_not_open_yet(console) -> None:
    _counted_round()
    RoundFactory(phase=Phase.SCHEDULED, title="Noch nicht offen")
    got = fetch(console, ROUNDS)
    header, *rows = got.rows
    assert header[:3] == ["Runde", "Kurzname", "Abschnitt"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert (row["Runde"], row["Stimmzettel"], row["Verteilte Summe (Euro)"]) == (
        "Frühjahr 2026",
        "10",
        "1500.00",
    )
    assert row["Seite im Portal"].endswith("/fund/rounds/2026-1/")
    assert "Noch nicht offen" not in got.text


def test_the_balance_file_adds_up_the_ledger_per_month(console) -> None:
    # given fees in March and April, one of April's reversed in April
    march, april = datetime(2026, 3, 10, tzinfo=BERLIN), datetime(2026, 4, 10, tzinfo=BERLIN)
    fee_services.post_order_fee(order_key="o-1", provider_key="maler", amount_cents=250, at=march)
    fee_services.post_order_fee(order_key="o-2", provider_key="maler", amount_cents=1000, at=april)
    fee_services.post_order_fee(order_key="o-3", provider_key="maler", amount_cents=400, at=april)
    # when the administrator downloads the balance
    header, *rows = fetch(console, BALANCE).rows
    # then each month has its fees and the balance at its end
    assert header == [
        "Monat",
        "Gebühren aus Bestellungen (Euro)",
        "An Projekte ausgezahlt (Euro)",
        "Sonstige Buchungen (Euro)",
        "Kontostand am Monatsende (Euro)",
    ]
    assert rows == [
        ["2026-03", "2.50", "0.00", "0.00", "2.50"],
        ["2026-04", "14.00", "0.00", "0.00", "16.50"],
    ]


def test_a_formula_in_a_project_title_is_defused(console) -> None:
    ProposalFactory(round=RoundFactory(phase=Phase.REVIEW), title="=SUM(A1:A9)")
    header, row = fetch(console, PROJECTS).rows
    assert row[header.index("Projekt")] == "'=SUM(A1:A9)"


@pytest.mark.parametrize("url", [ROUNDS, PROJECTS])
def test_the_files_cost_the_same_queries_for_three_times_the_rows(console, url: str) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            fund_round = RoundFactory(phase=Phase.REVIEW)
            ProposalFactory(round=fund_round, organisation=OrganisationFactory())

    few, many = same_queries_for_more_rows(console, url, add)
    assert (len(few.rows), len(many.rows)) == (3, 7)
    assert many.queries == few.queries
