"""Issue 10's "done when" as one journey in a real Chromium, in a town filled exactly as the
demo fills Weil der Stadt: a newcomer sees the LQ Fonds' balance and the round in voting,
votes and gets a receipt code; the town administrator closes the vote by hand; the receipt
is found among the counted ballots, the published result and digest equal a recount of the
downloaded files by `ops/fund_recount.py`, and the payout shows in the fund's history, taken
from its balance."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from billing.fees.selectors import fund_balance
from modules.fund.demo import VOTING
from modules.fund.models import Phase, Round, VoterRecord
from modules.fund.services.ballots import receipt_hash
from portal.accounts.models import Role, User
from portal.formatting import euros
from portal.operators.management.commands.demo import DEMO_PASSWORD
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_resident_portal_journey import DEMO, demo_town  # noqa: F401 - fixture
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
NEWCOMER = f"neu.im.fonds@{DEMO.domain}"
ADMIN = f"admin@{DEMO.domain}"
LANGUAGE = "de"  # the newcomer's, so the page's words and amounts are German
CODE = re.compile(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}")
WRONG_CODE = "AAAA-BBBB-CCCC-DDDD"


def _url(live_server: Any, path: str) -> str:
    return town_url(live_server, DEMO.slug, path)


def _log_in(page: Any, live_server: Any, email: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(_url(live_server, "/accounts/login/"))
    page.fill("main input[name=username]", email)
    page.fill("main input[name=password]", password)
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def _cents(text: str) -> int:
    """An amount as a page writes it ("715,48 €") in cents."""
    return int(re.sub(r"\D", "", text))


def _advance(page: Any, live_server: Any, reason: str) -> None:
    """The administrator moves the round on to its next phase from its management page."""
    page.goto(_url(live_server, f"/fund/manage/rounds/{VOTING}/"))
    form = page.locator(f"main form[action$='/manage/rounds/{VOTING}/advance/']")
    form.locator("textarea[name=reason]").fill(reason)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".messages[role=status] .message-success").count() == 1, page.locator(
        "main"
    ).inner_text()


def _download(page: Any, link: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(f"main a[href$='{link}']")
    download = info.value
    path = folder / str(download.suggested_filename)
    download.save_as(path)
    return path


def _recount(path: Path, *args: str) -> dict[str, Any]:
    """What `ops/fund_recount.py` prints for a downloaded file, run without site-packages
    (so without Django or the portal's database)."""
    done = subprocess.run(  # noqa: S603 (our own script, our own arguments)
        [sys.executable, "-S", str(ROOT / "ops" / "fund_recount.py"), str(path), *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    out = done.stdout
    ballots = re.search(r"^ballots: (\d+)$", out, re.MULTILINE)
    digest = re.search(r"^digest: ([0-9a-f]{64})$", out, re.MULTILINE)
    assert ballots is not None and digest is not None, out
    rows = [line.split()[:3] for line in out.splitlines() if line.strip()[:1].isdigit()]
    return {
        "ballots": int(ballots.group(1)),
        "ranking": [int(number) for _rank, number, _votes in rows],
        "counts": {int(number): int(votes) for _rank, number, votes in rows},
        "digest": digest.group(1),
    }


def test_a_newcomer_votes_finds_the_receipt_recounts_and_sees_the_payout(
    live_server: Any,
    page: Any,
    demo_town: Any,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    # given the demo town's fund, its round in voting, and a newcomer who has not voted yet
    with tenant_context(demo_town):
        # registered and her address confirmed, as a newcomer is after the sign-up
        newcomer = User.objects.create_user(
            NEWCOMER,
            PASSWORD,
            full_name="Nele Neu",
            roles=[Role.RESIDENT],
            status=User.Status.ACTIVE,
            email_verified_at=timezone.now(),
            language=LANGUAGE,
            postcode=DEMO.postcodes[0],
        )
        fund_round = Round.objects.get(slug=VOTING)
        assert fund_round.phase == Phase.VOTING
        voted_before = VoterRecord.objects.filter(round=fund_round).count()
        assert voted_before >= 1  # the demo's neighbours voted already
        assert not VoterRecord.objects.filter(round=fund_round, voter=newcomer).exists()
        balance_before = fund_balance()
    assert balance_before > 0

    # when she opens the fund's page, it shows the balance and the round in voting
    _log_in(page, live_server, NEWCOMER, PASSWORD)
    page.goto(_url(live_server, "/fund/"))
    assert _cents(page.locator("#fund-balance").inner_text()) == balance_before
    current = page.locator("#fund-current")
    assert fund_round.title in current.inner_text()
    assert current.locator(f"a[href='/fund/rounds/{VOTING}/']").count() == 1
    assert _violations(page) == []
    # and the round's results are not published while it votes
    response = page.goto(_url(live_server, f"/fund/rounds/{VOTING}/receipts/"))
    assert response is not None and response.status == 404

    # when she votes for the third project on the ballot
    page.goto(_url(live_server, "/fund/"))
    page.click(f"main a.button[href='/fund/rounds/{VOTING}/vote/']")
    page.wait_for_url(re.compile(rf"/fund/rounds/{VOTING}/vote/$"))
    assert _violations(page) == []
    page.check("main form.ballot-form input[name=choices][value='3']")
    with page.expect_navigation():
        page.click("main form.ballot-form button[type=submit]")
    # then the answer shows her receipt code, once
    code = page.locator("main [data-receipt-code]").inner_text().strip()
    assert CODE.fullmatch(code), code
    assert _violations(page) == []
    with tenant_context(demo_town):
        assert VoterRecord.objects.filter(round=fund_round, voter=newcomer).count() == 1
        assert VoterRecord.objects.filter(round=fund_round).count() == voted_before + 1

    # when the town administrator closes the vote by hand, with a reason
    _log_in(page, live_server, ADMIN, DEMO_PASSWORD)
    _advance(page, live_server, "Die Abstimmung wird für den Test von Hand geschlossen.")
    with tenant_context(demo_town):
        fund_round.refresh_from_db()
        assert fund_round.phase == Phase.RESULTS
        assert fund_round.counted_at is not None
        assert fund_round.ballots_count == voted_before + 1
        assert fund_round.digest and fund_round.counts and fund_round.ranking

    # then the newcomer finds her receipt among the counted ballots, and a wrong code is not
    _log_in(page, live_server, NEWCOMER, PASSWORD)
    page.goto(_url(live_server, f"/fund/rounds/{VOTING}/"))
    page.click(f"main a[href='/fund/rounds/{VOTING}/receipts/']")
    page.wait_for_url(re.compile(rf"/fund/rounds/{VOTING}/receipts/$"))
    with translation.override(LANGUAGE):
        counted = translation.gettext("Counted: the ballot with this receipt code is in the count.")
        not_found = translation.gettext(
            "Not found: no ballot has this receipt code. Please check the code; if it is "
            "right, tell the network office."
        )
        as_many = translation.gettext("There are as many receipts as ballots.")
    assert as_many in page.locator("main").inner_text()
    for entered, answer in ((code, counted), (WRONG_CODE, not_found)):
        page.fill("main form.stacked input[name=code]", entered)
        with page.expect_navigation():
            page.click("main form.stacked button[type=submit]")
        assert page.locator("main p.notice[role=status]").inner_text().strip() == answer
    assert _violations(page) == []

    # and the round's page publishes the count and its digest
    page.goto(_url(live_server, f"/fund/rounds/{VOTING}/"))
    assert _violations(page) == []
    digest = page.locator("#round-digest").inner_text().strip()
    assert digest == fund_round.digest
    assert str(fund_round.ballots_count) in page.locator("#round-counts").inner_text()
    published = []
    for row in page.locator("main table.stack tbody tr").all():
        cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
        published.append((int(cells[0]), int(cells[1])))
    assert [number for number, _votes in published] == fund_round.ranking

    # when anyone recounts the downloaded ballots (Pabulib and CSV) with the ops script
    pabulib = _recount(_download(page, f"/fund/rounds/{VOTING}/ballots.pb", tmp_path))
    table = _recount(
        _download(page, f"/fund/rounds/{VOTING}/ballots.csv", tmp_path),
        "--tie-rule",
        fund_round.tie_rule,
    )
    # then both give the published result: ballots, votes per project, ranking, digest
    for recount in (pabulib, table):
        assert recount["digest"] == digest
        assert recount["ballots"] == fund_round.ballots_count
        assert recount["ranking"] == fund_round.ranking
        assert [(n, recount["counts"][n]) for n in recount["ranking"]] == published
        assert {str(n): votes for n, votes in recount["counts"].items()} == fund_round.counts
    # and the list of receipts has one fingerprint per ballot, hers among them
    receipts = _download(page, f"/fund/rounds/{VOTING}/receipts.txt", tmp_path)
    hashes = receipts.read_text(encoding="utf-8").split()
    assert len(hashes) == fund_round.ballots_count
    assert receipt_hash(code) in hashes
    assert code not in receipts.read_text(encoding="utf-8")

    # when the administrator moves the counted round on to its payout by hand
    _log_in(page, live_server, ADMIN, DEMO_PASSWORD)
    _advance(page, live_server, "Das Ergebnis steht, das Geld wird ausgezahlt.")
    with tenant_context(demo_town):
        fund_round.refresh_from_db()
        assert fund_round.phase == Phase.PAYOUT
        payouts = [
            (payout.proposal.title, payout.amount_cents)
            for payout in fund_round.payouts.select_related("proposal").order_by("rank")
        ]
        balance_after = fund_balance()
    assert payouts, "the round paid nothing out"
    paid = sum(cents for _title, cents in payouts)
    assert 0 < paid <= (fund_round.amount_cents or 0)
    assert balance_after == balance_before - paid

    # then the fund's page shows the lower balance and the payout among the past rounds
    _log_in(page, live_server, NEWCOMER, PASSWORD)
    page.goto(_url(live_server, "/fund/"))
    assert _cents(page.locator("#fund-balance").inner_text()) == balance_after
    past = page.locator("main ul.fund-past > li", has_text=fund_round.title)
    assert past.count() == 1
    assert past.locator(f"a[href='/fund/rounds/{VOTING}/']").count() >= 1
    with translation.override(LANGUAGE):
        expected = [(title, euros(cents)) for title, cents in payouts]
    shown = [text.strip() for text in past.locator("ul > li").all_inner_texts()]
    assert len(shown) == len(expected), shown
    for line, (title, amount) in zip(shown, expected, strict=True):
        assert line.startswith(title) and line.endswith(f": {amount}"), (line, title, amount)
    # the current round is no longer the closed one
    assert fund_round.title not in page.locator("#fund-current").inner_text()
    assert _violations(page) == []
