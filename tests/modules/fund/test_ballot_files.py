"""The published files of a counted round: downloaded, parsed and recounted they give the
published result and digest; no key, receipt or formula gets into them; before the count
(and in another town) they do not exist."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.urls import reverse

from modules.fund.ballot_files import read_ballots
from modules.fund.models import Ballot, Phase, Receipt, TieRule
from modules.fund.services.ballots import cast_ballot, enter_paper_ballot, receipt_hash
from modules.fund.services.rounds import advance_round
from modules.fund.tally import digest
from portal.csv_cells import safe_cell
from tests.factories import UserFactory
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist, voting_round

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def recount_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fund_recount", ROOT / "ops" / "fund_recount.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def counted(in_town_a: Any) -> Any:
    """A round counted with six ballots (one on paper); project 2 is named like a formula."""
    fund_round = RoundFactory(phase=Phase.VOTING, tie_rule=TieRule.BALLOT_NUMBER)
    proposals = [
        ProposalFactory(round=fund_round, title="Bank am Spielplatz", amount_cents=150_000),
        ProposalFactory(round=fund_round, title='=HYPERLINK("x")', amount_cents=90_000),
        ProposalFactory(round=fund_round, title="Bücherschrank; Ecke", amount_cents=50_050),
    ]
    shortlist(fund_round, proposals)
    codes = [
        cast_ballot(fund_round=fund_round, voter=UserFactory(), choices=[number])
        for number in (1, 2, 2, 3, 1)
    ]
    codes.append(
        enter_paper_ballot(
            fund_round=fund_round,
            voter=UserFactory(),
            choices=[3],
            poll_worker=UserFactory(poll_worker=True),
        )
    )
    advance_round(fund_round=fund_round, to=Phase.RESULTS, by=UserFactory(town_admin=True))
    fund_round.refresh_from_db()
    return fund_round, codes


def test_safe_cell_defuses_formulas() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("Bank am Spielplatz") == "Bank am Spielplatz"
    assert safe_cell("") == ""


def test_the_downloaded_files_recount_to_the_published_result(counted, client_a) -> None:
    fund_round, _ = counted
    assert fund_round.counts == {"1": 2, "2": 2, "3": 2}
    assert fund_round.ranking == [1, 2, 3]  # a three-way tie: by ballot number
    assert (fund_round.ballots_count, fund_round.paper_count, fund_round.assisted_count) == (
        6,
        1,
        0,
    )
    script = recount_script()
    for name in ("fund:ballots_csv", "fund:ballots_pb"):
        response = client_a.get(reverse(name, args=[fund_round.slug]))
        assert response.status_code == 200
        text = response.content.decode()
        result = script.recount(text, tie_rule="ballot_number")
        assert {str(k): v for k, v in result["counts"].items()} == fund_round.counts
        assert result["ranking"] == fund_round.ranking
        assert result["digest"] == fund_round.digest
        assert result["ballots"] == 6
        # a formula is never a formula in the file; no key and no receipt is
        assert "'=HYPERLINK" in text
        for ballot in Ballot.objects.filter(round=fund_round):
            assert str(ballot.id) not in text
        for receipt in Receipt.objects.filter(round=fund_round):
            assert receipt.code_hash not in text
    pb = client_a.get(reverse("fund:ballots_pb", args=[fund_round.slug])).content.decode()
    assert pb.startswith("META\n") and "\nPROJECTS\n" in pb and "\nVOTES\n" in pb
    parsed = read_ballots(pb)
    assert parsed.tie_rule == "ballot_number"
    assert [p.title for p in parsed.projects][2] == "Bücherschrank; Ecke"
    assert digest(parsed.ballots) == fund_round.digest


def test_the_receipt_list_and_the_check_page(counted, client_a) -> None:
    fund_round, codes = counted
    listed = client_a.get(reverse("fund:receipts_txt", args=[fund_round.slug])).content.decode()
    lines = listed.splitlines()
    assert lines == sorted(lines) and len(lines) == 6
    assert receipt_hash(codes[0]) in lines
    url = reverse("fund:receipts", args=[fund_round.slug])
    found = client_a.post(url, {"code": codes[3].lower().replace("-", " ")})
    assert found.status_code == 200 and "Counted" in found.content.decode()
    missing = client_a.post(url, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert "Not found" in missing.content.decode()
    bad = client_a.post(url, {"code": "<script>"})
    assert bad.status_code == 400 and "<script>" not in bad.content.decode()
    assert "as many receipts as ballots" in client_a.get(url).content.decode()


def test_before_the_count_nothing_is_published(in_town_a, client_a) -> None:
    fund_round, _ = voting_round(projects=2)
    cast_ballot(fund_round=fund_round, voter=UserFactory(), choices=[1])
    for name in ("fund:ballots_csv", "fund:ballots_pb", "fund:receipts_txt", "fund:receipts"):
        assert client_a.get(reverse(name, args=[fund_round.slug])).status_code == 404
    assert client_a.get(reverse("fund:result_notice", args=[fund_round.slug])).status_code == 404


def test_another_towns_round_is_not_found(counted, client_b) -> None:
    fund_round, _ = counted
    for name in (
        "fund:ballots_csv",
        "fund:ballots_pb",
        "fund:receipts_txt",
        "fund:receipts",
        "fund:result_notice",
        "fund:result_notice_pdf",
        "fund:ballot_sheet_pdf",
    ):
        assert client_b.get(reverse(name, args=[fund_round.slug])).status_code == 404, name
    for path in ("ballots", "receipts", "result"):
        url = f"/api/v1/fund/rounds/{fund_round.slug}/{path}/"
        assert client_b.get(url).status_code == 404, url


def test_the_printables_show_the_result_escaped(counted, client_a) -> None:
    fund_round, _ = counted
    page = client_a.get(reverse("fund:result_notice", args=[fund_round.slug])).content.decode()
    assert fund_round.digest in page
    assert "=HYPERLINK(&quot;x&quot;)" in page
    pdf = client_a.get(reverse("fund:result_notice_pdf", args=[fund_round.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    sheet = client_a.get(reverse("fund:ballot_sheet", args=[fund_round.slug])).content.decode()
    assert "Bank am Spielplatz" in sheet
    sheet_pdf = client_a.get(reverse("fund:ballot_sheet_pdf", args=[fund_round.slug]))
    assert sheet_pdf.content.startswith(b"%PDF")
