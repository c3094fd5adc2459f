"""The payouts of a round when its result stands, and the bank transfers that pay them.

`post_payouts` runs inside `advance_round`'s transaction (RESULTS -> PAYOUT, the round
locked): it shares the round's amount among the ranking with part "vote"'s `allocate`
(the winner first, then the next ones while their asked amount fits what is left) and posts
each payout in the ledger (billing.fees.payouts). `record_transfer` is the administrator's
note that the bank transfer left; the last one moves the round on to its impact reports.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.fees import payouts as ledger_payouts
from billing.fees import selectors as fees
from billing.fees import services as fee_services
from billing.ledger.models import OwnerKind
from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.letters.periods import town_zone
from portal.validation import text_problem

from ..access import require_administrator
from ..models import REFERENCE_MAX, FundSettings, Outcome, Payout, Phase, Proposal, Round
from ..tally import allocate, stored_counts, voted_ranking


def _payable(proposal: Proposal) -> bool:
    """Someone can be paid: its organisation, or its proposer (gone once they deleted their
    account; the project then wins nothing and the next in rank takes its place)."""
    return proposal.organisation_id is not None or proposal.proposer_id is not None


def _payee(proposal: Proposal) -> tuple[str, str]:
    if proposal.organisation is not None:
        return OwnerKind.ORGANISATION, str(proposal.organisation.public_id)
    if proposal.proposer is None:
        raise ValidationError(
            _("“%(title)s” has neither an organisation nor a proposer to pay.")
            % {"title": proposal.title}
        )
    return OwnerKind.USER, str(proposal.proposer.public_id)


def post_payouts(*, fund_round: Round, now: datetime) -> list[str]:
    """Post the winners' payouts in the ledger, once; returns the round's fields it set."""
    if Payout.objects.filter(round=fund_round).exists():
        raise ValidationError(_("This round's payouts have been posted already."))
    shortlisted = {
        proposal.ballot_number: proposal
        for proposal in fund_round.proposals.filter(
            outcome=Outcome.SHORTLISTED, ballot_number__isnull=False
        ).select_related("organisation", "proposer")
    }
    amounts = {number: proposal.amount_cents for number, proposal in shortlisted.items() if number}
    # Never more than the fund holds now, whatever the count wrote; the account stays
    # locked until the postings are in, so no other payout spends the same money.
    fee_services.lock_fund_account()
    budget = min(fund_round.amount_cents or 0, max(fees.fund_balance(), 0))
    ranking = [
        number
        for number in voted_ranking(fund_round.ranking or [], stored_counts(fund_round.counts))
        if number in shortlisted and _payable(shortlisted[number])
    ]
    winners = allocate(ranking, amounts, budget)
    for rank, (number, cents) in enumerate(winners, start=1):
        proposal = shortlisted[number]
        owner_kind, owner_key = _payee(proposal)
        payout = Payout.objects.create(
            round=fund_round, proposal=proposal, rank=rank, amount_cents=cents, created_at=now
        )
        ledger_payouts.post_fund_payout(
            payout_id=payout.public_id,
            owner_kind=owner_kind,
            owner_key=owner_key,
            amount_cents=cents,
            memo=f"LQ Fonds {fund_round.slug}: payout {rank}",
            at=now,
        )
    impact_days = FundSettings.current().impact_days
    fund_round.impact_due_on = timezone.localdate(now, town_zone()) + timedelta(days=impact_days)
    return ["impact_due_on"]


def _clean_reference(reference: object) -> str:
    if (
        not isinstance(reference, str)
        or not reference.strip()
        or len(reference) > REFERENCE_MAX
        or text_problem(reference, multiline=False) is not None
    ):
        raise ValidationError(
            {
                "reference": _(
                    "Give the transfer's reference as plain text of at most %(limit)d characters."
                )
                % {"limit": REFERENCE_MAX}
            }
        )
    return reference.strip()


@transaction.atomic
def record_transfer(
    *, payout: Payout, transferred_on: date, reference: str, by: User, now: datetime | None = None
) -> Payout:
    """Record that the payout's bank transfer left (once, by a town administrator): post the
    payment in the ledger; the round's last transfer opens its impact reports."""
    require_administrator(by)
    now = now or timezone.now()
    reference = _clean_reference(reference)
    if not isinstance(transferred_on, date) or isinstance(transferred_on, datetime):
        raise ValidationError({"transferred_on": _("Give the date of the transfer.")})
    today = timezone.localdate(now, town_zone())
    payout = Payout.objects.select_for_update().select_related("round").get(pk=payout.pk)
    if payout.transferred_on is not None:
        raise ValidationError(_("The bank transfer of this payout is recorded already."))
    if transferred_on > today:
        raise ValidationError({"transferred_on": _("The transfer date cannot be in the future.")})
    if transferred_on < timezone.localdate(payout.created_at, town_zone()):
        raise ValidationError(
            {"transferred_on": _("The transfer cannot be earlier than the payout.")}
        )
    ledger_payouts.post_fund_payment(
        payout_id=payout.public_id, at=now, memo=f"bank transfer {reference}"[:300]
    )
    payout.transferred_on = transferred_on
    payout.transfer_reference = reference
    payout.transfer_recorded_by = by
    payout.transfer_recorded_at = now
    payout.save(
        update_fields=[
            "transferred_on",
            "transfer_reference",
            "transfer_recorded_by",
            "transfer_recorded_at",
        ]
    )
    record_audit(
        actor=by,
        action="fund_transfer_recorded",
        target=payout,
        detail={
            "round": payout.round.slug,
            "payout": str(payout.public_id),
            "cents": payout.amount_cents,
            "transferred_on": transferred_on.isoformat(),
            "reference": reference,
        },
    )
    fund_round = payout.round
    if (
        fund_round.phase == Phase.PAYOUT
        and not fund_round.payouts.filter(transferred_on__isnull=True).exists()
    ):
        from .rounds import advance_round

        advance_round(
            fund_round=fund_round,
            to=Phase.IMPACT,
            now=now,
            reason="every bank transfer recorded",
        )
    return payout
