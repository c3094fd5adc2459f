"""Casting a ballot: online by the voter, on paper by a poll worker, by phone through the
network office. Every way ends in `_store`, which writes the register row, the ballot and
the receipt in one transaction under a SHARE lock on the round (see models.py for why
nothing joins the three).

The SHARE lock lets voters cast in parallel, while `advance_round`'s FOR UPDATE that closes
voting waits for the ballots in flight, and a ballot that comes after it sees the round
closed: no ballot can land after the count.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import INVITATION_ALPHABET, User
from portal.behalf.models import Consent
from portal.behalf.services import require_consent
from portal.letters.periods import town_zone

from ..access import may_enter_paper_ballots
from ..eligibility import vote_refusal
from ..models import (
    Ballot,
    Channel,
    Outcome,
    Phase,
    Proposal,
    Receipt,
    Round,
    VoteMethod,
    VoterRecord,
)
from ..scopes import VOTING

CODE_LENGTH = 16
GROUP = 4
_ONE_VOTE = "fund_one_vote_per_voter"


def new_receipt_code() -> str:
    """16 characters of the invitation alphabet, in groups of four for reading out."""
    raw = "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalise_code(code: str) -> str:
    """The code as compared: capitals, without spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch not in " -\t\n")


def receipt_hash(code: str) -> str:
    """The SHA-256 hex stored and published for a receipt code."""
    return hashlib.sha256(normalise_code(code).encode("utf-8")).hexdigest()


def closing_time(fund_round: Round) -> str:
    """When voting closes, in the town's time zone, for messages and pages."""
    local = timezone.localtime(fund_round.voting_ends_at, town_zone())
    return _("%(day)s at %(time)s") % {
        "day": local.strftime("%d.%m.%Y"),
        "time": local.strftime("%H:%M"),
    }


def shortlist_numbers(fund_round: Round) -> list[int]:
    """The ballot numbers of the round's shortlist, ascending."""
    numbers = Proposal.objects.filter(
        round=fund_round, outcome=Outcome.SHORTLISTED, ballot_number__isnull=False
    ).values_list("ballot_number", flat=True)
    return sorted(number for number in numbers if number is not None)


def choice_problem(fund_round: Round, choices: list[int]) -> str | None:
    """Why `choices` is not a valid ballot in this round, or None."""
    if not isinstance(choices, list) or not all(
        isinstance(number, int) and not isinstance(number, bool) for number in choices
    ):
        return _("A ballot is a list of ballot numbers.")
    if fund_round.method == VoteMethod.SINGLE:
        if len(choices) != 1:
            return _("Please choose exactly one project.")
    else:
        if not choices:
            return _("Please choose at least one project.")
        if len(choices) > fund_round.max_choices:
            return _("You may choose at most %(count)d projects.") % {
                "count": fund_round.max_choices
            }
        if len(set(choices)) != len(choices):
            return _("Each project can be chosen only once.")
    numbers = set(shortlist_numbers(fund_round))
    unknown = sorted(set(choices) - numbers)
    if unknown:
        return _("There is no project with the number %(number)s on the ballot.") % {
            "number": ", ".join(str(n) for n in unknown)
        }
    return None


def _lock_round(fund_round: Round) -> tuple[str, datetime]:
    """Take the SHARE lock on the round's row; its phase and closing time as now locked."""
    table = connection.ops.quote_name(Round._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT phase, voting_ends_at FROM {table} WHERE id = %s FOR SHARE",  # noqa: S608
            [fund_round.pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise ValidationError(_("This round does not exist."))
    return row[0], row[1]


def _already_voted_message(channel: str, previous: str) -> str:
    if channel == Channel.PAPER and previous == Channel.ONLINE:
        return _(
            "This person voted online already; someone who voted online cannot be entered on paper."
        )
    if channel == Channel.ONLINE and previous != Channel.ONLINE:
        return _("You have already voted in this round (on paper or by phone).")
    if channel != Channel.ONLINE:
        return _("This person has already voted in this round.")
    return _("You have already voted in this round.")


def _store(
    *,
    fund_round: Round,
    voter: User,
    choices: list[int],
    channel: str,
    recorded_by: User | None = None,
    consent: Consent | None = None,
    now: datetime | None = None,
) -> str:
    """Check and write one ballot; the caller's transaction holds the round's SHARE lock."""
    phase, ends_at = _lock_round(fund_round)
    # The time is read after the lock: a ballot that waited for a mix or the count to
    # finish is judged by when it is stored, not by when it arrived.
    now = now or timezone.now()
    fund_round.phase, fund_round.voting_ends_at = phase, ends_at
    if phase != Phase.VOTING or now < fund_round.voting_starts_at:
        raise ValidationError(_("Voting is not open in this round."))
    if now >= ends_at:
        raise ValidationError(
            _("Voting closed on %(when)s; ballots can no longer be cast.")
            % {"when": closing_time(fund_round)}
        )
    refusal = vote_refusal(voter)
    if refusal is not None:
        raise ValidationError(refusal)
    problem = choice_problem(fund_round, choices)
    if problem is not None:
        raise ValidationError(problem)
    previous = (
        VoterRecord.objects.filter(round=fund_round, voter=voter)
        .values_list("channel", flat=True)
        .first()
    )
    if previous is not None:
        raise ValidationError(_already_voted_message(channel, previous))
    try:
        with transaction.atomic():
            VoterRecord.objects.create(
                round=fund_round,
                voter=voter,
                channel=channel,
                recorded_by=recorded_by,
                consent=consent,
                recorded_at=now,
            )
    except IntegrityError as exc:
        # Another submission of the same voter committed first (the unique index waited
        # for it): this one is the second ballot.
        if _ONE_VOTE not in str(exc):
            raise
        raise ValidationError(_already_voted_message(channel, channel)) from None
    code = new_receipt_code()
    Ballot.objects.create(round=fund_round, choices=sorted(choices))
    Receipt.objects.create(round=fund_round, code_hash=receipt_hash(code))
    return code


@transaction.atomic
def cast_ballot(
    *, fund_round: Round, voter: User, choices: list[int], now: datetime | None = None
) -> str:
    """The voter's own ballot, online; returns the receipt code (shown once, stored only
    as its hash). ValidationError, with nothing stored, when it may not be cast."""
    return _store(
        fund_round=fund_round, voter=voter, choices=choices, channel=Channel.ONLINE, now=now
    )


@transaction.atomic
def enter_paper_ballot(
    *,
    fund_round: Round,
    voter: User,
    choices: list[int],
    poll_worker: User,
    now: datetime | None = None,
) -> str:
    """A paper ballot the person filled in at a polling place, entered by a poll worker;
    returns the receipt code to hand to the person. Audited without the choices."""
    if not may_enter_paper_ballots(poll_worker):
        raise PermissionDenied(_("Only poll workers and the network office enter paper ballots."))
    if poll_worker.pk == voter.pk:
        raise ValidationError(_("Your own ballot you cast online, not on paper."))
    code = _store(
        fund_round=fund_round,
        voter=voter,
        choices=choices,
        channel=Channel.PAPER,
        recorded_by=poll_worker,
        now=now,
    )
    record_audit(
        actor=poll_worker,
        action="fund_paper_ballot_entered",
        subject=voter,
        target=fund_round,
        detail={"round": fund_round.slug},
    )
    return code


@transaction.atomic
def record_assisted_ballot(
    *,
    fund_round: Round,
    voter: User,
    choices: list[int],
    by: User,
    now: datetime | None = None,
) -> str:
    """A ballot the person tells the network office by phone, with their consent in scope
    `fund_voting`; returns the receipt code to read out. PermissionDenied without consent."""
    consent = require_consent(actor=by, person=voter, scope=VOTING)
    code = _store(
        fund_round=fund_round,
        voter=voter,
        choices=choices,
        channel=Channel.ASSISTED,
        recorded_by=by,
        consent=consent,
        now=now,
    )
    record_audit(
        actor=by,
        action="fund_assisted_ballot_recorded",
        on_behalf_of=voter,
        target=fund_round,
        detail={"round": fund_round.slug},
    )
    return code
