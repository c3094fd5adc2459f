"""What the vote's tests share: a voting round with three projects, its voters, and the
size of the three tables of the vote (to show that a refusal stores nothing)."""

from __future__ import annotations

from modules.fund.models import Ballot, Receipt, Round, VoterRecord
from portal.accounts.models import User
from portal.behalf.models import Consent
from portal.behalf.services import record_consent


def box_sizes(fund_round: Round) -> tuple[int, int, int]:
    """(register rows, ballots, receipts) of the round."""
    return (
        VoterRecord.objects.filter(round=fund_round).count(),
        Ballot.objects.filter(round=fund_round).count(),
        Receipt.objects.filter(round=fund_round).count(),
    )


def voting_consent(*, person: User, recorded_by: User) -> Consent:
    """The person lets any network manager record their ballot by phone."""
    from modules.fund.scopes import VOTING

    return record_consent(
        recorded_by=recorded_by, person=person, scopes=[VOTING], given_how=Consent.Given.PHONE
    )
