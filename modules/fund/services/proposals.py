"""Proposals: submitting (by a resident, or for an organisation they represent), editing
until the review starts, withdrawing until voting opens, photos, and moderation (approval
when the town wants it, reports, hiding) through the shared moderation kit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from modules.directory.models import Organisation
from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.accounts.services import town_url
from portal.behalf.services import acting_for
from portal.files import delete_files_on_commit, save_with_private_file
from portal.formatting import euros
from portal.moderation import services as kit
from portal.moderation.models import Report, ReviewStatus
from portal.notify import notify
from portal.validation import Errors

from .. import access
from ..models import (
    BENEFICIARIES_MAX,
    DESCRIPTION_MAX,
    MAX_AMOUNT_CENTS,
    SUMMARY_MAX,
    TITLE_MAX,
    FundSettings,
    ImpactReport,
    Outcome,
    Phase,
    Proposal,
    ProposalPhoto,
    Round,
)
from ..notification_kinds import PROPOSALS
from ..scopes import PROPOSING
from .photos import MAX_PHOTOS, checked_photo

MIN_AMOUNT_CENTS = 100
# The kind named in the moderators' mails, translated in each moderator's language.
WHAT = gettext_noop("Fund proposal")
WHAT_IMPACT = gettext_noop("Impact report")


@dataclass(frozen=True)
class ProposalFields:
    """What a proposer writes; the service checks every field again."""

    title: str
    summary: str
    description: str
    amount_cents: int | None
    beneficiaries: str


def _checked(fields: ProposalFields, errors: Errors) -> ProposalFields:
    """The cleaned fields; every problem is recorded in `errors`."""
    title = errors.text("title", fields.title, max_length=TITLE_MAX)
    summary = errors.text("summary", fields.summary, max_length=SUMMARY_MAX)
    description = errors.text(
        "description", fields.description, max_length=DESCRIPTION_MAX, multiline=True
    )
    beneficiaries = errors.text("beneficiaries", fields.beneficiaries, max_length=BENEFICIARIES_MAX)
    amount = fields.amount_cents
    if amount is None or isinstance(amount, bool) or not isinstance(amount, int):
        errors.add("amount_cents", _("Please enter the amount you ask for, in euros."))
        amount = None
    elif amount < MIN_AMOUNT_CENTS:
        errors.add("amount_cents", _("Please ask for at least 1,00 €."))
    elif amount > MAX_AMOUNT_CENTS:
        errors.add(
            "amount_cents",
            _("A proposal can ask for at most %(max)s.") % {"max": euros(MAX_AMOUNT_CENTS)},
        )
    return ProposalFields(
        title=title,
        summary=summary,
        description=description,
        amount_cents=amount,
        beneficiaries=beneficiaries,
    )


def proposals_open(fund_round: Round) -> bool:
    """Whether the round takes new proposals now."""
    return fund_round.phase == Phase.PROPOSALS and timezone.now() < fund_round.review_starts_at


def editable(proposal: Proposal) -> bool:
    """Whether its proposer may still change it (until the review starts)."""
    return (
        proposals_open(proposal.round)
        and proposal.outcome == Outcome.PENDING
        and proposal.status != ReviewStatus.REJECTED
    )


def withdrawable(proposal: Proposal) -> bool:
    """Whether it may still be withdrawn: until the committee's chair closes the review
    (after that the ballot is fixed and published; a gap in it would puzzle voters)."""
    fund_round = proposal.round
    return (
        proposal.outcome != Outcome.WITHDRAWN
        and fund_round.review_closed_at is None
        and fund_round.phase in (Phase.PROPOSALS, Phase.REVIEW)
        and timezone.now() < fund_round.voting_starts_at
    )


def _require_proposer(user: User) -> None:
    if not (user.is_authenticated and user.can_participate):
        raise PermissionDenied(
            _("Only residents who may take part in the portal can propose a project.")
        )


def _proposal_link(proposal: Proposal) -> str:
    return town_url(reverse("fund:proposal", args=[proposal.public_id]))


@transaction.atomic
def submit_proposal(
    *,
    fund_round: Round,
    proposer: User,
    title: str,
    summary: str,
    description: str,
    amount_cents: int | None,
    beneficiaries: str,
    organisation: Organisation | None = None,
    on_behalf_of: User | None = None,
) -> Proposal:
    """A new proposal for the round, public at once or waiting for a moderator; a network
    manager proposes for a resident who gave consent (`on_behalf_of`), who is then its
    proposer."""
    _require_proposer(proposer)
    actor = proposer
    proposer = acting_for(actor=actor, on_behalf_of=on_behalf_of, scope=PROPOSING)
    if on_behalf_of is not None and organisation is not None:
        raise ValidationError(
            {
                "organisation": _(
                    "For another person, propose as a resident, not for an organisation."
                )
            }
        )
    fields = ProposalFields(title, summary, description, amount_cents, beneficiaries)
    fund_round = Round.objects.select_for_update().get(pk=fund_round.pk)
    if not proposals_open(fund_round):
        raise ValidationError(_("This round does not take proposals now."), code="closed")
    errors = Errors()
    cleaned = _checked(fields, errors)
    if (
        organisation is not None
        and not organisation.representatives.filter(user_id=proposer.pk).exists()
    ):
        errors.add(
            "organisation",
            _("You can only propose for an organisation that you represent."),
        )
    errors.raise_if_any()
    assert cleaned.amount_cents is not None
    needs_approval = FundSettings.current().approve_proposals
    proposal = Proposal.objects.create(
        round=fund_round,
        proposer=proposer,
        organisation=organisation,
        title=cleaned.title,
        summary=cleaned.summary,
        description=cleaned.description,
        amount_cents=cleaned.amount_cents,
        beneficiaries=cleaned.beneficiaries,
        status=ReviewStatus.PENDING if needs_approval else ReviewStatus.APPROVED,
    )
    if on_behalf_of is not None:
        record_audit(
            actor=actor,
            action="fund_proposal_made_for",
            subject=proposer,
            on_behalf_of=proposer,
            target=proposal,
        )
    if organisation is not None:
        record_audit(
            actor=proposer,
            action="fund_proposal_sent_for",
            target=proposal,
            detail={"organisation": organisation.slug},
        )
    if needs_approval:
        kit.announce_pending(target=proposal, what=WHAT)
    return proposal


@transaction.atomic
def edit_proposal(
    *,
    proposal: Proposal,
    by: User,
    title: str,
    summary: str,
    description: str,
    amount_cents: int | None,
    beneficiaries: str,
) -> Proposal:
    """Change a proposal's words or amount, by its owner, until the review starts."""
    fields = ProposalFields(title, summary, description, amount_cents, beneficiaries)
    if not access.owns(by, proposal):
        raise PermissionDenied(_("Only the proposer can change this proposal."))
    proposal = Proposal.objects.select_for_update().select_related("round").get(pk=proposal.pk)
    if not editable(proposal):
        raise ValidationError(
            _(
                "This proposal can no longer be changed: the committee's review has begun "
                "(or the proposal was withdrawn or rejected)."
            ),
            code="closed",
        )
    errors = Errors()
    cleaned = _checked(fields, errors)
    errors.raise_if_any()
    assert cleaned.amount_cents is not None
    proposal.title = cleaned.title
    proposal.summary = cleaned.summary
    proposal.description = cleaned.description
    proposal.amount_cents = cleaned.amount_cents
    proposal.beneficiaries = cleaned.beneficiaries
    # Where a moderator approves proposals, changed words are approved again (else an
    # approved proposal could be turned into anything).
    again = FundSettings.current().approve_proposals and proposal.status == ReviewStatus.APPROVED
    if again:
        proposal.status = ReviewStatus.PENDING
    proposal.save(
        update_fields=[
            "title",
            "summary",
            "description",
            "amount_cents",
            "beneficiaries",
            "status",
            "updated_at",
        ]
    )
    if again:
        kit.announce_pending(target=proposal, what=WHAT)
    return proposal


@transaction.atomic
def withdraw_proposal(*, proposal: Proposal, by: User) -> Proposal:
    """Take a proposal back, by its owner, until voting opens."""
    if not access.owns(by, proposal):
        raise PermissionDenied(_("Only the proposer can withdraw this proposal."))
    proposal = Proposal.objects.select_for_update().select_related("round").get(pk=proposal.pk)
    if not withdrawable(proposal):
        raise ValidationError(
            _(
                "This proposal can no longer be withdrawn: the committee has closed its "
                "review and the ballot is fixed."
            ),
            code="closed",
        )
    proposal.outcome = Outcome.WITHDRAWN
    proposal.ballot_number = None
    proposal.save(update_fields=["outcome", "ballot_number", "updated_at"])
    return proposal


# Photos


@transaction.atomic
def add_proposal_photo(
    *,
    proposal: Proposal,
    by: User,
    upload: IO[bytes],
    size: int | None = None,
    alt_text: str = "",
) -> ProposalPhoto:
    """Store a cleaned copy of a photo with its short description (at most four)."""
    if not access.owns(by, proposal):
        raise PermissionDenied(_("Only the proposer can add photos to this proposal."))
    proposal = Proposal.objects.select_for_update().select_related("round").get(pk=proposal.pk)
    refusal = None
    if not editable(proposal):
        refusal = _("The photos can no longer be changed: the review has begun.")
    elif proposal.photos.count() >= MAX_PHOTOS:
        refusal = _("A proposal can have at most %(max)d photos.") % {"max": MAX_PHOTOS}
    picture, alt = checked_photo(upload=upload, size=size, alt_text=alt_text, refusal=refusal)
    photo = ProposalPhoto(
        proposal=proposal,
        width=picture.width,
        height=picture.height,
        alt_text=alt,
        position=proposal.photos.count(),
    )
    save_with_private_file(
        photo, field="image", folder=f"fund/proposals/{proposal.public_id}", data=picture.data
    )
    return photo


@transaction.atomic
def delete_proposal_photo(*, photo: ProposalPhoto, by: User) -> None:
    """Remove a photo and, once committed, its file."""
    if not access.owns(by, photo.proposal):
        raise PermissionDenied(_("Only the proposer can remove photos of this proposal."))
    if not editable(photo.proposal):
        raise ValidationError(
            _("The committee's review has begun: the proposal and its photos stay as they are.")
        )
    name, storage = str(photo.image.name), photo.image.storage
    photo.delete()
    delete_files_on_commit([name], storage=storage)


# Moderation: the kit's services, and the proposer is told of the moderator's decision.


def report_proposal(*, proposal: Proposal, reporter: User, reason: str) -> Report:
    """Anyone logged in asks the moderators to look at a public proposal."""
    return kit.report(target=proposal, reporter=reporter, reason=reason, what=WHAT)


def _tell_proposer(proposal: Proposal, template: str, **context: object) -> None:
    if proposal.proposer is not None:
        notify(
            proposal.proposer,
            template,
            context={
                "title": proposal.title,
                "round": proposal.round.title,
                "link": _proposal_link(proposal),
                **context,
            },
            kind=PROPOSALS.key,
            target=f"fund:proposal:{proposal.public_id}",
        )


@transaction.atomic
def approve_proposal(*, proposal: Proposal, moderator: User, reason: str = "") -> Proposal:
    """Make a waiting proposal public; its proposer is told."""
    proposal = kit.approve(target=proposal, moderator=moderator, reason=reason)
    _tell_proposer(proposal, "fund_proposal_approved")
    return proposal


@transaction.atomic
def reject_proposal(*, proposal: Proposal, moderator: User, reason: str) -> Proposal:
    """Refuse a waiting proposal with a reason its proposer is told."""
    proposal = kit.reject(target=proposal, moderator=moderator, reason=reason)
    _tell_proposer(proposal, "fund_proposal_rejected", reason=proposal.review_reason)
    return proposal


def hide_proposal(*, proposal: Proposal, moderator: User, reason: str) -> Proposal:
    return kit.hide(target=proposal, moderator=moderator, reason=reason)


def restore_proposal(*, proposal: Proposal, moderator: User, reason: str = "") -> Proposal:
    return kit.restore(target=proposal, moderator=moderator, reason=reason)


def report_impact(*, report: ImpactReport, reporter: User, reason: str) -> Report:
    """Anyone logged in asks the moderators to look at an impact report."""
    return kit.report(target=report, reporter=reporter, reason=reason, what=WHAT_IMPACT)
