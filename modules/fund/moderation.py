"""The fund's part of the console's moderation queue: proposals waiting for approval,
reported or hidden proposals and impact reports, acted on through the fund's services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.moderation import services as kit
from portal.moderation.models import ReviewStatus
from portal.moderation.queue import HIDDEN, PENDING, REPORTED, QueueItem, reasons, reported_in

from .models import ImpactReport, Proposal
from .services import proposals as services

# Hidden content shown for restoring: the most recent ones, so the queue stays one page.
HIDDEN_SHOWN = 50


def _proposal_item(
    proposal: Proposal,
    *,
    state: str,
    since: datetime | None = None,
    reported: tuple[str, ...] = (),
) -> QueueItem:
    if state == PENDING:
        actions: tuple[str, ...] = ("approve", "reject", "hide")
    elif proposal.is_hidden:
        actions = ("restore", "dismiss") if reported else ("restore",)
    else:
        actions = ("hide", "dismiss")
    return QueueItem(
        module="fund",
        kind="proposal",
        public_id=proposal.public_id,
        kind_label=_("Fund proposal"),
        title=proposal.title,
        excerpt=proposal.summary[:300],
        link=reverse("fund:proposal", args=[proposal.public_id]),
        since=since or proposal.hidden_at or proposal.submitted_at,
        state=state,
        actions=actions,
        is_hidden=proposal.is_hidden,
        author=proposal.proposer.full_name if proposal.proposer else "",
        reasons=reported,
    )


def _impact_item(
    report: ImpactReport,
    *,
    state: str,
    since: datetime | None = None,
    reported: tuple[str, ...] = (),
) -> QueueItem:
    proposal = report.payout.proposal
    return QueueItem(
        module="fund",
        kind="impact",
        public_id=report.public_id,
        kind_label=_("Impact report"),
        title=proposal.title,
        excerpt=report.text[:300],
        link=reverse("fund:proposal", args=[proposal.public_id]),
        since=since or report.hidden_at or report.submitted_at,
        state=state,
        actions=("restore",) if report.is_hidden else ("hide", "dismiss"),
        is_hidden=report.is_hidden,
        author=report.author.full_name if report.author else "",
        reasons=reported,
    )


class FundQueue:
    def queue_items(self) -> list[QueueItem]:
        proposals = Proposal.objects.select_related("proposer")
        impacts = ImpactReport.objects.select_related("author", "payout__proposal")
        items: list[QueueItem] = []
        seen: set[UUID] = set()
        for proposal, reports in reported_in(proposals):
            items.append(
                _proposal_item(
                    proposal,
                    state=REPORTED,
                    since=reports[0].created_at,
                    reported=reasons(reports),
                )
            )
            seen.add(proposal.public_id)
        for report, reports in reported_in(impacts):
            items.append(
                _impact_item(
                    report, state=REPORTED, since=reports[0].created_at, reported=reasons(reports)
                )
            )
            seen.add(report.public_id)
        waiting = proposals.filter(status=ReviewStatus.PENDING, is_hidden=False)
        items += [_proposal_item(p, state=PENDING) for p in waiting if p.public_id not in seen]
        hidden = proposals.filter(is_hidden=True).order_by("-hidden_at")[:HIDDEN_SHOWN]
        items += [_proposal_item(p, state=HIDDEN) for p in hidden if p.public_id not in seen]
        hidden_impacts = impacts.filter(is_hidden=True).order_by("-hidden_at")[:HIDDEN_SHOWN]
        items += [_impact_item(r, state=HIDDEN) for r in hidden_impacts if r.public_id not in seen]
        return items

    def exists(self, *, kind: str, public_id: UUID) -> bool:
        if kind == "proposal":
            return Proposal.objects.filter(public_id=public_id).exists()
        if kind == "impact":
            return ImpactReport.objects.filter(public_id=public_id).exists()
        return False

    def act(self, *, kind: str, public_id: UUID, action: str, moderator: User, reason: str) -> None:
        if kind == "proposal":
            proposal = Proposal.objects.select_related("round").filter(public_id=public_id).first()
            if proposal is None:
                raise LookupError(public_id)
            _run(
                {
                    "approve": lambda: services.approve_proposal(
                        proposal=proposal, moderator=moderator, reason=reason
                    ),
                    "reject": lambda: services.reject_proposal(
                        proposal=proposal, moderator=moderator, reason=reason
                    ),
                    "hide": lambda: services.hide_proposal(
                        proposal=proposal, moderator=moderator, reason=reason
                    ),
                    "restore": lambda: services.restore_proposal(
                        proposal=proposal, moderator=moderator, reason=reason
                    ),
                    "dismiss": lambda: kit.dismiss(
                        target=proposal, moderator=moderator, reason=reason
                    ),
                },
                action,
            )
        elif kind == "impact":
            report = ImpactReport.objects.filter(public_id=public_id).first()
            if report is None:
                raise LookupError(public_id)
            _run(
                {
                    "hide": lambda: kit.hide(target=report, moderator=moderator, reason=reason),
                    "restore": lambda: kit.restore(
                        target=report, moderator=moderator, reason=reason
                    ),
                    "dismiss": lambda: kit.dismiss(
                        target=report, moderator=moderator, reason=reason
                    ),
                },
                action,
            )
        else:
            raise LookupError(kind)


def _run(actions: dict[str, Callable[[], object]], action: str) -> None:
    run = actions.get(action)
    if run is None:
        raise ValidationError(_("This cannot be done with this content."))
    run()


MODERATION = FundQueue()
