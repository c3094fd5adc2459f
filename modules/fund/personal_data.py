"""What the LQ Fonds keeps of a person: their proposals (with photos), their committee
recommendations and declared ties, their impact reports, and their rows in the register of
who voted (never how: a ballot names no one).

Deleting the account removes the person's proposals that no vote or payout stands on (with
their photos); a proposal that was on a ballot or was paid stays, naming no one, because a
round's published result counts it. Recommendations and declarations go; the register keeps
the row without the person, so the number of voters still equals the number of ballots."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.db.models import Q

from portal.files import delete_files_on_commit
from portal.personal_data import ExportFile, ExportPart, PersonalData

from .models import (
    Declaration,
    ImpactReport,
    Outcome,
    Payout,
    PhaseChange,
    Proposal,
    ProposalPhoto,
    Recommendation,
    Round,
    VoterRecord,
)


def export_fund(user: Any) -> ExportPart:
    files: list[ExportFile] = []
    proposals = []
    for proposal in (
        Proposal.objects.filter(proposer=user)
        .select_related("round", "organisation")
        .prefetch_related("photos")
    ):
        photos = []
        for photo in proposal.photos.all():
            name = f"proposals/{proposal.public_id}/{PurePosixPath(str(photo.image.name)).name}"
            files.append(ExportFile(storage_name=str(photo.image.name), name=name))
            photos.append({"file": name, "alt_text": photo.alt_text})
        proposals.append(
            {
                "round": proposal.round.slug,
                "title": proposal.title,
                "summary": proposal.summary,
                "description": proposal.description,
                "amount_cents": proposal.amount_cents,
                "beneficiaries": proposal.beneficiaries,
                "organisation": proposal.organisation.name if proposal.organisation else None,
                "status": proposal.status,
                "outcome": proposal.outcome,
                "outcome_reason": proposal.outcome_reason,
                "submitted_at": proposal.submitted_at,
                "photos": photos,
            }
        )
    recommendations = list(
        Recommendation.objects.filter(member=user).values(
            "proposal__title", "proposal__round__slug", "verdict", "reason", "created_at"
        )
    )
    declarations = list(
        Declaration.objects.filter(member=user).values(
            "proposal__title", "proposal__round__slug", "note", "created_at"
        )
    )
    impact_reports = list(
        ImpactReport.objects.filter(author=user).values(
            "payout__proposal__title", "text", "submitted_at"
        )
    )
    # Which rounds they voted in and how (online, on paper, by phone): never their choice.
    votes = list(
        VoterRecord.objects.filter(voter=user).values("round__slug", "channel", "recorded_at")
    )
    return ExportPart(
        data={
            "proposals": proposals,
            "recommendations": recommendations,
            "declarations": declarations,
            "impact_reports": impact_reports,
            "votes": votes,
        },
        files=files,
    )


def erase_fund(user: Any) -> None:
    standing = Q(outcome=Outcome.SHORTLISTED) | Q(pk__in=Payout.objects.values("proposal_id"))
    removable = Proposal.objects.filter(proposer=user).exclude(standing)
    photos = ProposalPhoto.objects.filter(proposal__in=removable)
    names = [str(name) for name in photos.values_list("image", flat=True)]
    removable.delete()  # with photos, recommendations and declarations on them
    delete_files_on_commit(names)
    Proposal.objects.filter(proposer=user).update(proposer=None)
    Recommendation.objects.filter(member=user).delete()
    Declaration.objects.filter(member=user).delete()
    ImpactReport.objects.filter(author=user).update(author=None)
    VoterRecord.objects.filter(voter=user).update(voter=None)
    VoterRecord.objects.filter(recorded_by=user).update(recorded_by=None)
    Round.objects.filter(review_closed_by=user).update(review_closed_by=None)
    PhaseChange.objects.filter(by=user).update(by=None)
    Payout.objects.filter(transfer_recorded_by=user).update(transfer_recorded_by=None)


FUND = PersonalData(
    key="fund",
    export=export_fund,
    erase=erase_fund,
    covers=(
        "fund.Proposal.proposer",
        "fund.Recommendation.member",
        "fund.Declaration.member",
        "fund.ImpactReport.author",
        "fund.VoterRecord.voter",
        "fund.VoterRecord.recorded_by",
        "fund.Round.review_closed_by",
        "fund.PhaseChange.by",
        "fund.Payout.transfer_recorded_by",
    ),
    excluded={
        "fund.Proposal.hidden_by": "the moderator who hid a proposal; names no one once deleted",
        "fund.Proposal.reviewed_by": "the moderator who reviewed a proposal",
        "fund.ImpactReport.hidden_by": "the moderator who hid an impact report",
    },
)
