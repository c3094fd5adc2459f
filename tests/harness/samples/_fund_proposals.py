"""Route samples of the fund's part "proposals": a round taking proposals with a proposal
and its photo, and a round in the committee's review with a proposal."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from django.utils import timezone

from modules.fund.models import Phase
from modules.fund.services.proposals import add_proposal_photo
from tests.factories import UserFactory
from tests.factories.branding import png_bytes
from tests.factories.fund import ProposalFactory, RoundFactory

from . import Samples


def proposal_samples() -> Samples:
    proposer = UserFactory(email="harness-fund-proposer@example.org")
    open_round = RoundFactory(phase=Phase.PROPOSALS, slug="harness-fund-open")
    review = RoundFactory(phase=Phase.REVIEW, slug="harness-fund-review")
    proposal = ProposalFactory(round=open_round, proposer=proposer, title="Harness-Bank")
    photo = add_proposal_photo(
        proposal=proposal, by=proposer, upload=BytesIO(png_bytes()), alt_text="Harness"
    )
    reviewed = ProposalFactory(round=review, title="Harness-Beet")
    # The two rounds above are running, so the schedule starts none: this one is due to
    # open, so that the beat task has work in the samples (part "rounds" may add more).
    RoundFactory(
        phase=Phase.SCHEDULED,
        slug="harness-fund-due",
        proposals_open_at=timezone.now() - timedelta(hours=1),
    )
    on_proposal = {"proposal": proposal.public_id}
    on_reviewed = {"proposal": reviewed.public_id}
    return {
        "fund:propose": {"round": open_round.slug},
        "fund:propose_for": {"person": proposer.public_id},
        "fund:round_proposals": {"round": open_round.slug},
        "fund:proposal": on_proposal,
        "fund:proposal_edit": on_proposal,
        "fund:proposal_photos": on_proposal,
        "fund:proposal_photo": {**on_proposal, "photo": photo.public_id},
        "fund:proposal_photo_delete": {**on_proposal, "photo": photo.public_id},
        "fund:proposal_withdraw": on_proposal,
        "fund:proposal_report": on_proposal,
        "fund:committee_round": {"round": review.slug},
        "fund:committee_close": {"round": review.slug},
        "fund:committee_proposal": on_reviewed,
        "fund:committee_declare": on_reviewed,
        "fund-proposal-detail": {"public_id": proposal.public_id},
        "fund-round-shortlist": {"slug": review.slug},
    }
