"""A round's phases: its dates in the town's time zone, creation on the town's schedule,
and the one way to move a round on (forward, one phase at a time, by the beat task or by a
town administrator).

Every step goes through `advance_round`: it locks the round, checks that the step is the
next one and allowed, writes the `PhaseChange` (unique per phase, so a step can never be
taken twice) and the audit row for a person's step, and runs what the new phase begins
with: the count when voting closes (services.results), the ledger payouts when the result
stands (services.payouts).
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.letters.periods import start_of_day, town_zone

from ..access import may_administer
from ..models import PHASES, FundSettings, Payout, Phase, PhaseChange, Round, phase_index

log = logging.getLogger(__name__)

# Phases a round is "running" in: while one is, the schedule starts no other round.
RUNNING = (Phase.SCHEDULED, Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING)


@dataclass(frozen=True)
class RoundDates:
    proposals_open_at: datetime
    review_starts_at: datetime
    voting_starts_at: datetime
    voting_ends_at: datetime


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, on the last day of a shorter month (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def round_dates(*, opens_on: date, settings: FundSettings) -> RoundDates:
    """The phases' boundaries of a round opening on `opens_on`, in the town's time zone:
    each phase starts at midnight town time; voting closes at the closing hour of its last
    day (a daylight-saving change in between moves the UTC time, not the town time)."""
    review_on = opens_on + timedelta(days=settings.proposal_days)
    voting_on = review_on + timedelta(days=settings.review_days)
    last_voting_day = voting_on + timedelta(days=max(settings.voting_days, 1) - 1)
    return RoundDates(
        proposals_open_at=start_of_day(opens_on),
        review_starts_at=start_of_day(review_on),
        voting_starts_at=start_of_day(voting_on),
        voting_ends_at=datetime.combine(
            last_voting_day, time(settings.closing_hour), tzinfo=town_zone()
        ),
    )


def _next_slug(year: int) -> str:
    taken = set(Round.objects.filter(slug__startswith=f"{year}-").values_list("slug", flat=True))
    number = 1
    while f"{year}-{number}" in taken:
        number += 1
    return f"{year}-{number}"


@transaction.atomic
def create_round(*, opens_on: date, by: User | None = None, title: str = "") -> Round:
    """A new round opening on `opens_on` with the town's current rules and schedule."""
    settings = FundSettings.current()
    dates = round_dates(opens_on=opens_on, settings=settings)
    slug = _next_slug(opens_on.year)
    number = slug.split("-")[1]
    fund_round = Round.objects.create(
        slug=slug,
        title=title
        or _("Round %(number)s of %(year)d") % {"number": number, "year": opens_on.year},
        proposals_open_at=dates.proposals_open_at,
        review_starts_at=dates.review_starts_at,
        voting_starts_at=dates.voting_starts_at,
        voting_ends_at=dates.voting_ends_at,
        method=settings.method,
        max_choices=settings.max_choices if settings.method == "approval" else 1,
        shortlist_size=settings.shortlist_size,
        tie_rule=settings.tie_rule,
        amount_mode=settings.amount_mode,
        fixed_amount_cents=settings.fixed_amount_cents,
    )
    if by is not None:
        record_audit(
            actor=by,
            action="fund_round_created",
            target=fund_round,
            detail={"round": fund_round.slug, "opens_on": opens_on.isoformat()},
        )
    return fund_round


def next_phase(phase: str) -> str | None:
    index = phase_index(phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def _refuse_step(fund_round: Round, to: str) -> None:
    """Raise if `to` is not the round's next phase or the round is not ready for it."""
    if to not in PHASES:
        raise ValidationError(_("There is no such phase."))
    if phase_index(to) <= phase_index(fund_round.phase):
        raise ValidationError(
            _("A round only moves forward: it is already at “%(phase)s”.")
            % {"phase": Phase(fund_round.phase).label}
        )
    if to != next_phase(fund_round.phase):
        raise ValidationError(
            _("A round moves one phase at a time: next comes “%(phase)s”.")
            % {"phase": Phase(next_phase(fund_round.phase) or fund_round.phase).label}
        )
    if to == Phase.VOTING and fund_round.review_closed_at is None:
        raise ValidationError(
            _(
                "Voting cannot open before the committee's chair has closed the review with a shortlist."
            )
        )
    if to == Phase.IMPACT and fund_round.payouts.filter(transferred_on__isnull=True).exists():
        raise ValidationError(
            _("Record the bank transfer of every payout first; then the impact reports are due.")
        )


def _begin(fund_round: Round, to: str, now: datetime) -> list[str]:
    """What entering `to` does; returns the fields of the round it changed."""
    changed: list[str] = []
    # A step taken by hand before its date moves the date, so that the published dates say
    # what happened (voting closed by hand at 14:02 refuses every later ballot).
    if to == Phase.PROPOSALS and now < fund_round.proposals_open_at:
        fund_round.proposals_open_at = now
        changed.append("proposals_open_at")
    elif to == Phase.REVIEW and now < fund_round.review_starts_at:
        fund_round.review_starts_at = max(now, fund_round.proposals_open_at + timedelta(seconds=1))
        changed.append("review_starts_at")
    elif to == Phase.VOTING and now < fund_round.voting_starts_at:
        fund_round.voting_starts_at = max(now, fund_round.review_starts_at)
        changed.append("voting_starts_at")
    elif to == Phase.RESULTS and now < fund_round.voting_ends_at:
        fund_round.voting_ends_at = max(now, fund_round.voting_starts_at + timedelta(seconds=1))
        changed.append("voting_ends_at")
    if to == Phase.RESULTS:
        from .results import count_round

        changed += count_round(fund_round=fund_round, now=now)
    elif to == Phase.PAYOUT:
        from .payouts import post_payouts

        changed += post_payouts(fund_round=fund_round, now=now)
    return changed


@transaction.atomic
def advance_round(
    *,
    fund_round: Round,
    to: str,
    by: User | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> Round:
    """Move the round to its next phase `to` (ValidationError when it is not the next one
    or the round is not ready). `by` a town administrator (audited, with `reason`), or None
    for the beat task."""
    now = now or timezone.now()
    fund_round = Round.objects.select_for_update().get(pk=fund_round.pk)
    _refuse_step(fund_round, to)
    if by is not None and not may_administer(by):
        raise ValidationError(_("Only the town's administrators can move a round by hand."))
    from_phase = fund_round.phase
    changed = _begin(fund_round, to, now)
    fund_round.phase = to
    fund_round.save(update_fields=sorted({"phase", *changed}))
    PhaseChange.objects.create(
        round=fund_round, from_phase=from_phase, to_phase=to, at=now, by=by, reason=reason[:500]
    )
    if by is not None:
        record_audit(
            actor=by,
            action="fund_round_moved",
            target=fund_round,
            detail={"round": fund_round.slug, "from": from_phase, "to": to, "reason": reason[:200]},
        )
    if to == Phase.REVIEW:
        transaction.on_commit(lambda: _tell_committee(fund_round))
    if to == Phase.VOTING:
        from ..tasks import announce_voting

        transaction.on_commit(lambda: announce_voting.delay(round_id=fund_round.pk))
    return fund_round


def _tell_committee(fund_round: Round) -> None:
    """Tell the committee that its review has begun (part "proposals"' service)."""
    from .committee import notify_committee_review_started

    notify_committee_review_started(fund_round=fund_round)


def due_phase(fund_round: Round, now: datetime) -> str | None:
    """The next phase the round is due for by its dates and state, or None."""
    phase = fund_round.phase
    if phase == Phase.SCHEDULED and now >= fund_round.proposals_open_at:
        return Phase.PROPOSALS
    if phase == Phase.PROPOSALS and now >= fund_round.review_starts_at:
        return Phase.REVIEW
    if (
        phase == Phase.REVIEW
        and now >= fund_round.voting_starts_at
        and fund_round.review_closed_at is not None
    ):
        return Phase.VOTING
    if phase == Phase.VOTING and now >= fund_round.voting_ends_at:
        return Phase.RESULTS
    if phase == Phase.RESULTS:
        return Phase.PAYOUT
    if (
        phase == Phase.PAYOUT
        and not fund_round.payouts.filter(transferred_on__isnull=True).exists()
    ):
        return Phase.IMPACT
    if phase == Phase.IMPACT:
        payouts = Payout.objects.filter(round=fund_round)
        reported = not payouts.filter(impact_report__isnull=True).exists()
        today = timezone.localdate(now, town_zone())
        overdue = fund_round.impact_due_on is not None and today > fund_round.impact_due_on
        if reported or overdue:
            return Phase.CLOSED
    return None


def move_due_rounds(*, now: datetime | None = None) -> list[tuple[str, str]]:
    """Move every round of the town as far as its dates allow, one phase at a time, and
    start the next round on the schedule; returns (round slug, phase entered) per step.
    A round that cannot move (a review not closed on time) is logged and left; a fault in
    one round (a count that does not add up) is logged as an error and the others move."""
    now = now or timezone.now()
    moved: list[tuple[str, str]] = []
    for fund_round in Round.objects.exclude(phase=Phase.CLOSED).order_by("proposals_open_at"):
        while (to := due_phase(fund_round, now)) is not None:
            try:
                fund_round = advance_round(fund_round=fund_round, to=to, now=now)
            except ValidationError as error:
                log.warning(
                    "fund round %s stays at %s: %s", fund_round.slug, fund_round.phase, error
                )
                break
            except Exception:
                # A count that does not add up (CountMismatch) or another fault in one
                # round is reported loudly and leaves the other rounds to move on.
                log.exception("fund round %s could not move to %s", fund_round.slug, to)
                break
            moved.append((fund_round.slug, to))
    started = start_scheduled_round(now=now)
    if started is not None:
        moved.append((started.slug, started.phase))
    return moved


def start_scheduled_round(*, now: datetime) -> Round | None:
    """Create the next round when the town runs rounds on a schedule and none is running:
    `round_months` after the last round opened (today if that day has passed or there was
    none)."""
    settings = FundSettings.current()
    if not settings.auto_rounds or Round.objects.filter(phase__in=RUNNING).exists():
        return None
    today = timezone.localdate(now, town_zone())
    last = Round.objects.order_by("-proposals_open_at").first()
    opens_on = today
    if last is not None:
        last_opened = timezone.localdate(last.proposals_open_at, town_zone())
        opens_on = max(add_months(last_opened, settings.round_months), today)
    fund_round = create_round(opens_on=opens_on)
    if opens_on <= today:
        fund_round = advance_round(fund_round=fund_round, to=Phase.PROPOSALS, now=now)
    return fund_round
