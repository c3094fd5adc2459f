"""Reads of proposals and of the committee's review; list pages keep a constant number of
queries whatever the number of proposals."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from modules.directory.models import Organisation
from modules.directory.selectors import organisations_of
from portal.accounts.models import User
from portal.moderation.models import ReviewStatus

from . import access
from .models import Declaration, Outcome, Phase, Proposal, ProposalPhoto, Recommendation, Round

Visitor = User | AnonymousUser


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("round", "organisation", "proposer")


def public_proposals() -> QuerySet[Proposal]:
    """Proposals everyone sees: approved, not hidden, not withdrawn."""
    return (
        _proposals()
        .filter(status=ReviewStatus.APPROVED, is_hidden=False)
        .exclude(outcome=Outcome.WITHDRAWN)
    )


def round_by_slug(slug: str) -> Round | None:
    return Round.objects.filter(slug=slug).first()


def public_round(slug: str) -> Round | None:
    """A round the public may see (any but one not open yet)."""
    return Round.objects.filter(slug=slug).exclude(phase=Phase.SCHEDULED).first()


def round_taking_proposals() -> Round | None:
    """The round that takes proposals now, if one does."""
    return (
        Round.objects.filter(phase=Phase.PROPOSALS, review_starts_at__gt=timezone.now())
        .order_by("review_starts_at")
        .first()
    )


def proposals_of_round(fund_round: Round) -> list[Proposal]:
    """The round's public proposals with their first photo (two queries)."""
    return list(
        public_proposals()
        .filter(round=fund_round)
        .prefetch_related("photos")
        .order_by("ballot_number", "submitted_at", "id")
    )


def shortlist_of(fund_round: Round) -> QuerySet[Proposal]:
    """The round's shortlist in ballot-number order (empty until the review is closed)."""
    return (
        public_proposals()
        .filter(round=fund_round, outcome=Outcome.SHORTLISTED, ballot_number__isnull=False)
        .order_by("ballot_number")
    )


def is_public(proposal: Proposal) -> bool:
    """Approved, not hidden, not withdrawn: everyone sees it."""
    return (
        proposal.status == ReviewStatus.APPROVED
        and not proposal.is_hidden
        and proposal.outcome != Outcome.WITHDRAWN
    )


def may_see(user: Visitor, proposal: Proposal) -> bool:
    """Everyone sees a public proposal; its owner and the moderators see the others too."""
    if is_public(proposal):
        return True
    if not isinstance(user, User):
        return False
    return access.owns(user, proposal) or (user.is_active and user.is_moderator)


def visible_proposal(*, public_id: UUID, user: Visitor) -> Proposal | None:
    """The proposal if `user` may see it, else None (a 404: nothing says it exists)."""
    proposal = _proposals().prefetch_related("photos").filter(public_id=public_id).first()
    if proposal is None or not may_see(user, proposal):
        return None
    return proposal


def photo_for(public_id: UUID) -> ProposalPhoto | None:
    return (
        ProposalPhoto.objects.select_related("proposal", "proposal__round")
        .filter(public_id=public_id)
        .first()
    )


def proposals_of(user: User) -> list[Proposal]:
    """Everything the person proposed or their organisations did, newest first (one query)."""
    return list(
        _proposals()
        .filter(Q(proposer=user) | Q(organisation__representatives__user=user))
        .distinct()
        .order_by("-submitted_at")
    )


def organisation_choices(user: Visitor) -> list[Organisation]:
    """The organisations a person may propose for: those they represent."""
    return list(organisations_of(user=user))


# The committee


@dataclass(frozen=True)
class ReviewRow:
    """A proposal in the committee's list, with the recommendations so far."""

    proposal: Proposal
    recommend: int
    not_recommend: int
    mine: Recommendation | None
    declared: bool
    tied: bool  # their own proposal or their organisation's


def rounds_in_review() -> QuerySet[Round]:
    return Round.objects.filter(phase=Phase.REVIEW).order_by("review_starts_at")


def review_rows(*, fund_round: Round, member: User) -> list[ReviewRow]:
    """The round's proposals before the committee with counts and the member's own
    recommendation and declaration (four queries, whatever the number of proposals)."""
    represented = set(
        Organisation.objects.filter(representatives__user=member).values_list("pk", flat=True)
    )
    proposals = (
        public_proposals()
        .filter(round=fund_round)
        .annotate(
            n_recommend=Count("recommendations", filter=Q(recommendations__verdict="recommend")),
            n_not=Count("recommendations", filter=Q(recommendations__verdict="not_recommend")),
        )
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.filter(member=member),
                to_attr="my_recommendations",
            ),
            Prefetch(
                "declarations",
                queryset=Declaration.objects.filter(member=member),
                to_attr="my_declarations",
            ),
        )
        .order_by("submitted_at", "id")
    )
    return [
        ReviewRow(
            proposal=proposal,
            recommend=proposal.n_recommend,
            not_recommend=proposal.n_not,
            mine=next(iter(proposal.my_recommendations), None),
            declared=bool(proposal.my_declarations),
            tied=proposal.organisation_id in represented or proposal.proposer_id == member.pk,
        )
        for proposal in proposals
    ]


def waiting_for(member: User) -> int:
    """How many proposals in review wait for the member's recommendation (one query)."""
    return (
        public_proposals()
        .filter(round__phase=Phase.REVIEW, round__review_closed_at__isnull=True)
        .exclude(proposer=member)
        .exclude(recommendations__member=member)
        .exclude(declarations__member=member)
        .exclude(organisation__representatives__user=member)
        .count()
    )
