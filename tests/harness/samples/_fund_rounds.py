"""Route samples of the fund's part "rounds" (its routes' URL arguments): a round in its
impact phase with a transferred payout, an impact report with a photo."""

from __future__ import annotations

import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image

from modules.fund.models import ImpactPhoto, ImpactReport, Payout, Phase
from tests.factories import UserFactory
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist

from . import Samples


def round_samples() -> Samples:
    fund_round = RoundFactory(
        phase=Phase.IMPACT,
        slug="harness-rounds",
        title="Harness-Runde",
        impact_due_on=timezone.localdate() + timedelta(days=5),
    )
    proposal = ProposalFactory(round=fund_round, amount_cents=50_000)
    # A second winner whose report is due in five days: the reminder task has work.
    waiting = ProposalFactory(
        round=fund_round,
        amount_cents=20_000,
        proposer=UserFactory(email="harness-impact@example.org"),
    )
    shortlist(fund_round, [proposal, waiting])
    Payout.objects.create(
        round=fund_round,
        proposal=waiting,
        rank=2,
        amount_cents=20_000,
        transferred_on=timezone.localdate(),
        transfer_reference="HARNESS-2",
    )
    payout = Payout.objects.create(
        round=fund_round,
        proposal=proposal,
        rank=1,
        amount_cents=50_000,
        transferred_on=timezone.localdate(),
        transfer_reference="HARNESS-1",
    )
    report = ImpactReport.objects.create(payout=payout, text="Eine neue Bank.", author=None)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "JPEG")
    from django.core.files.base import ContentFile

    photo = ImpactPhoto(report=report, width=8, height=8, alt_text="Die Bank")
    photo.image.save("fund/impact/harness.jpg", ContentFile(buffer.getvalue()), save=False)
    photo.save()
    at_round = {"round": fund_round.slug}
    return {
        "fund-round-detail": {"slug": fund_round.slug},
        "fund:round": at_round,
        "fund:manage_round": at_round,
        "fund:manage_round_edit": at_round,
        "fund:manage_round_advance": at_round,
        "fund:manage_transfer": {"payout": payout.public_id},
        "fund:impact_report": {"payout": payout.public_id},
        "fund:impact_photo": {"photo": photo.public_id},
    }
