"""Route samples of the fund's part "voting": a round voting now (the ballot, paper and
phone pages, the ballot sheet) and a counted one (its files, receipts and result), and a
resident who lets the network office vote for them by phone."""

from __future__ import annotations

from typing import Any

from modules.fund.models import Phase
from modules.fund.services.ballots import cast_ballot
from modules.fund.services.rounds import advance_round
from tests.factories import UserFactory
from tests.factories.fund import voting_round

from . import Samples


def voting_samples() -> Samples:
    from tests.modules.fund.ballots_setup import voting_consent

    voting, _ = voting_round(projects=3, slug="harness-voting", title="Harness-Abstimmung")
    counted, _ = voting_round(projects=2, slug="harness-counted", title="Harness-Ergebnis")
    cast_ballot(
        fund_round=counted,
        voter=UserFactory(email="harness-fund-voter@example.org"),
        choices=[2],
    )
    advance_round(
        fund_round=counted,
        to=Phase.RESULTS,
        by=UserFactory(email="harness-fund-admin@example.org", town_admin=True),
    )
    # Left at "results": the beat task's due work in the samples is its step to the payouts
    # (part "rounds"); the files stay published in every later phase.
    person = UserFactory(email="harness-fund-phone@example.org")
    voting_consent(
        person=person,
        recorded_by=UserFactory(email="harness-fund-office@example.org", moderator=True),
    )
    now: dict[str, Any] = {"round": voting.slug}
    done: dict[str, Any] = {"round": counted.slug}
    return {
        "fund:vote": now,
        "fund:paper_ballot": now,
        "fund:assisted_ballot": now,
        "fund:assisted_for": {"person": person.public_id},
        "fund:ballot_sheet": now,
        "fund:ballot_sheet_pdf": now,
        "fund:receipts": done,
        "fund:ballots_csv": done,
        "fund:ballots_pb": done,
        "fund:receipts_txt": done,
        "fund:result_notice": done,
        "fund:result_notice_pdf": done,
        "fund-vote-cast": now,
        "fund-vote-mine": now,
        "fund-vote-result": done,
        "fund-vote-ballots": done,
        "fund-vote-receipts": done,
    }
