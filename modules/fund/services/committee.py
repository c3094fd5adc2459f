"""The committee's review: each member's recommendation on a proposal, a member's declared
tie to one (they then cannot review it), and the chair's close of the review with the
shortlist, whose ballot numbers are drawn by lot."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import Role, User
from portal.accounts.services import town_url
from portal.moderation.models import ReviewStatus
from portal.notify import notify
from portal.validation import Errors

from .. import access
from ..models import (
    REASON_MAX,
    Declaration,
    Outcome,
    Phase,
    Proposal,
    Recommendation,
    Round,
    Verdict,
)
from ..notification_kinds import COMMITTEE, PROPOSALS

NOTE_MAX = 500


def in_review(fund_round: Round) -> bool:
    """Whether the committee reviews the round now (its review not yet closed)."""
    return fund_round.phase == Phase.REVIEW and fund_round.review_closed_at is None


def candidates(fund_round: Round) -> list[Proposal]:
    """The proposals the committee chooses from: approved, public, not withdrawn."""
    return list(
        Proposal.objects.filter(
            round=fund_round, status=ReviewStatus.APPROVED, is_hidden=False
        ).exclude(outcome=Outcome.WITHDRAWN)
    )


def review_refusal(*, proposal: Proposal, member: User) -> str | None:
    """Why `member` may not review this proposal, or None if they may."""
    if not access.is_member(member):
        return _("Only members of the fund committee can do this.")
    if proposal.proposer_id == member.pk:
        return _("You made this proposal yourself, so you do not review it.")
    if Declaration.objects.filter(proposal=proposal, member=member).exists():
        return _("You have declared a tie to this proposal, so you do not review it.")
    if access.represents(member, proposal):
        return _(
            "You represent the organisation of this proposal, so you do not review it. "
            "Please declare this tie."
        )
    return None


def _require_open_review(fund_round: Round) -> None:
    if not in_review(fund_round):
        raise ValidationError(
            _("The committee's review of this round is not open (or already closed)."),
            code="closed",
        )


@transaction.atomic
def recommend(*, proposal: Proposal, member: User, verdict: str, reason: str) -> Recommendation:
    """Give (or change) a member's recommendation on a proposal, with the reason."""
    refusal = review_refusal(proposal=proposal, member=member)
    if refusal:
        raise PermissionDenied(refusal)
    fund_round = Round.objects.select_for_update().get(pk=proposal.round_id)
    _require_open_review(fund_round)
    errors = Errors()
    if verdict not in Verdict.values:
        errors.add("verdict", _("Please choose whether you recommend the proposal."))
    text = errors.text("reason", reason, max_length=REASON_MAX, multiline=True)
    if not candidates_include(fund_round, proposal):
        errors.add("__all__", _("This proposal is not before the committee."))
    errors.raise_if_any()
    found, _created = Recommendation.objects.update_or_create(
        proposal=proposal, member=member, defaults={"verdict": verdict, "reason": text}
    )
    return found


def candidates_include(fund_round: Round, proposal: Proposal) -> bool:
    return any(candidate.pk == proposal.pk for candidate in candidates(fund_round))


@transaction.atomic
def declare_conflict(*, proposal: Proposal, member: User, note: str) -> Declaration:
    """A member declares a tie to a proposal; their recommendation on it, if any, is removed."""
    access.require_member(member)
    # A closed review stays as it was decided: no recommendation is taken out of it.
    _require_open_review(Round.objects.select_for_update().get(pk=proposal.round_id))
    errors = Errors()
    text = errors.text("note", note, max_length=NOTE_MAX, required=False)
    if Declaration.objects.filter(proposal=proposal, member=member).exists():
        errors.add("__all__", _("You have already declared a tie to this proposal."))
    errors.raise_if_any()
    declaration = Declaration.objects.create(proposal=proposal, member=member, note=text)
    Recommendation.objects.filter(proposal=proposal, member=member).delete()
    record_audit(actor=member, action="fund_conflict_declared", target=proposal)
    return declaration


def _tell(proposal: Proposal, template: str) -> None:
    if proposal.proposer is None:
        return
    notify(
        proposal.proposer,
        template,
        context={
            "title": proposal.title,
            "round": proposal.round.title,
            "reason": proposal.outcome_reason,
            "link": town_url(reverse("fund:proposal", args=[proposal.public_id])),
        },
        kind=PROPOSALS.key,
        target=f"fund:proposal:{proposal.public_id}",
    )


@transaction.atomic
def close_review(
    *,
    fund_round: Round,
    chair: User,
    shortlist: Sequence[Proposal],
    reasons: Mapping[str, str],
) -> Round:
    """Close the review with the shortlist: outcomes with reasons, ballot numbers by lot.

    `reasons` maps a proposal's public id (as text) to the committee's reason; one is
    required for every proposal left out. The phase is not moved: voting opens on its date."""
    access.require_chair(chair)
    fund_round = Round.objects.select_for_update().get(pk=fund_round.pk)
    if fund_round.review_closed_at is not None:
        raise ValidationError(_("The review of this round is already closed."), code="closed")
    _require_open_review(fund_round)
    pool = {proposal.pk: proposal for proposal in candidates(fund_round)}
    chosen_ids = list(dict.fromkeys(proposal.pk for proposal in shortlist))
    errors = Errors()
    if not chosen_ids:
        errors.add(
            "shortlist",
            _("Closing a review without a shortlist is refused: please choose the projects."),
        )
    if any(pk not in pool for pk in chosen_ids):
        errors.add(
            "shortlist",
            _("Only approved proposals of this round that were not withdrawn can be chosen."),
        )
    wanted = min(fund_round.shortlist_size, len(pool))
    if chosen_ids and len(chosen_ids) != wanted:
        errors.add(
            "shortlist",
            _("Please choose exactly %(n)d projects for the shortlist.") % {"n": wanted},
        )
    texts: dict[int, str] = {}
    for pk, proposal in pool.items():
        key = str(proposal.public_id)
        text = errors.text(
            f"reason_{key}",
            reasons.get(key, ""),
            max_length=REASON_MAX,
            required=pk not in chosen_ids,
            multiline=True,
        )
        texts[pk] = text
    errors.raise_if_any()
    numbers = list(range(1, len(chosen_ids) + 1))
    secrets.SystemRandom().shuffle(numbers)
    drawn = dict(zip(chosen_ids, numbers, strict=True))
    for pk, proposal in pool.items():
        proposal.outcome_reason = texts[pk]
        if pk in drawn:
            proposal.outcome = Outcome.SHORTLISTED
            proposal.ballot_number = drawn[pk]
        else:
            proposal.outcome = Outcome.NOT_SHORTLISTED
            proposal.ballot_number = None
        proposal.save(update_fields=["outcome", "outcome_reason", "ballot_number", "updated_at"])
    fund_round.review_closed_at = timezone.now()
    fund_round.review_closed_by = chair
    fund_round.save(update_fields=["review_closed_at", "review_closed_by"])
    record_audit(
        actor=chair,
        action="fund_review_closed",
        target=fund_round,
        detail={"shortlisted": len(drawn), "left_out": len(pool) - len(drawn)},
    )
    for proposal in pool.values():
        proposal.round = fund_round
        _tell(
            proposal,
            "fund_proposal_shortlisted"
            if proposal.outcome == Outcome.SHORTLISTED
            else "fund_proposal_not_shortlisted",
        )
    return fund_round


def committee_members() -> list[User]:
    """The committee's members (the chair among them)."""
    return [
        user
        for user in User.objects.people().filter(
            roles__overlap=[Role.COMMITTEE, Role.COMMITTEE_CHAIR]
        )
        if access.is_member(user)
    ]


def notify_committee_review_started(*, fund_round: Round) -> int:
    """Tell every committee member that the round's review has begun; the number told.

    services.rounds calls this when a round enters its review."""
    link = town_url(reverse("fund:committee_round", args=[fund_round.slug]))
    count = Proposal.objects.filter(round=fund_round, status=ReviewStatus.APPROVED).count()
    told = 0
    for member in committee_members():
        told += notify(
            member,
            "fund_committee_review_started",
            context={"round": fund_round.title, "count": count, "link": link},
            kind=COMMITTEE.key,
        )
    return told
