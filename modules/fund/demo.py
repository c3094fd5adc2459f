"""The fund's demo: a year of order fees in the ledger, a finished round (the Repair-Café's
new bench for its outdoor workshop won, was paid, and told what the money did) and a round
in its voting phase with three projects on the ballot. Every step goes through the module's
services (ballots through part "vote"'s `cast_ballot`, the count and the payout through
`advance_round`). Idempotent: each round is found by its slug, each fee by its ledger key."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from billing.fees.services import post_order_fee
from modules.directory.models import Organisation, Representative
from portal.accounts.models import Role, User
from portal.moderation.models import ReviewStatus

from .eligibility import eligible_voters
from .models import Outcome, Phase, Proposal, Round
from .services.ballots import cast_ballot
from .services.impacts import write_impact_report
from .services.payouts import record_transfer
from .services.rounds import advance_round

log = logging.getLogger(__name__)

FINISHED = "fruehjahr-demo"
VOTING = "herbst-demo"
DAY = timedelta(days=1)

BENCH = (
    "Eine Werkbank für die Draußen-Werkstatt",
    "Eine wetterfeste Werkbank, damit das Repair-Café im Sommer draußen reparieren kann.",
    120_000,
)
FINISHED_OTHERS = [
    ("Ein Bücherschrank am Marktplatz", "Ein offener Bücherschrank zum Tauschen.", 250_000),
    ("Sitzkissen für den Seniorentreff", "Bequeme Kissen für die Stühle im Treff.", 40_000),
]
IMPACT_TEXTS = {
    1: (
        "Dank Ihrer Stimmen steht die neue Werkbank jetzt vor dem Gemeindehaus. Jeden ersten "
        "Samstag reparieren wir dort draußen Fahrräder, Stühle und Gartengeräte. Vielen Dank "
        "an alle, die abgestimmt haben!"
    ),
}
OTHER_IMPACT = "Das Geld ist angekommen und ausgegeben. Vielen Dank an alle, die abgestimmt haben!"
VOTING_PROJECTS = [
    ("Ein Hochbeet am Kindergarten", "Kinder pflanzen und ernten Gemüse.", 80_000),
    ("Ein Defibrillator am Rathaus", "Ein Gerät für den Notfall, für alle erreichbar.", 150_000),
    ("Ausflug für den Seniorentreff", "Ein Tagesausflug mit dem Bus.", 60_000),
]


def _fees(now: datetime) -> None:
    """A year of order fees (the ledger keys make a second load post nothing)."""
    for number in range(72):
        post_order_fee(
            order_key=f"demo-fund-{number}",
            provider_key=f"demo-provider-{number % 4}",
            amount_cents=1_500 + (number * 733) % 3_500,
            at=now - timedelta(days=360 - number * 5, hours=3),
        )


def _proposal(
    fund_round: Round, project: tuple[str, str, int], number: int, **fields: Any
) -> Proposal:
    title, summary, cents = project
    return Proposal.objects.create(
        round=fund_round,
        title=title,
        summary=summary,
        description=summary,
        amount_cents=cents,
        beneficiaries="Alle im Ort",
        outcome=Outcome.SHORTLISTED,
        ballot_number=number,
        status=ReviewStatus.APPROVED,
        **fields,
    )


def _round(slug: str, title: str, now: datetime, offsets: tuple[int, int, int, int]) -> Round:
    return Round.objects.create(
        slug=slug,
        title=title,
        phase=Phase.VOTING,
        proposals_open_at=now + offsets[0] * DAY,
        review_starts_at=now + offsets[1] * DAY,
        voting_starts_at=now + offsets[2] * DAY,
        voting_ends_at=now + offsets[3] * DAY,
        review_closed_at=now + (offsets[2] - 1) * DAY,
    )


def _vote(fund_round: Round, voters: list[User], pattern: list[list[int]]) -> None:
    for index, voter in enumerate(voters):
        cast_ballot(fund_round=fund_round, voter=voter, choices=pattern[index % len(pattern)])


def _finished(now: datetime, voters: list[User], admin: User, proposer: User) -> None:
    fund_round = _round(FINISHED, "Frühjahrsrunde", now, (-120, -80, -60, 1))
    repair = (
        Organisation.objects.filter(name__icontains="Repair", status=Organisation.Status.APPROVED)
        .order_by("pk")
        .first()
    )
    if repair is not None:
        Representative.objects.get_or_create(organisation=repair, user=proposer)
    _proposal(fund_round, BENCH, 1, proposer=proposer, organisation=repair)
    for number, project in enumerate(FINISHED_OTHERS, start=2):
        _proposal(fund_round, project, number, proposer=proposer)
    _vote(fund_round, voters, [[1], [1], [2], [1], [3]])
    fund_round = advance_round(fund_round=fund_round, to=Phase.RESULTS, now=now)
    fund_round = advance_round(fund_round=fund_round, to=Phase.PAYOUT, now=now)
    for payout in fund_round.payouts.all():
        record_transfer(
            payout=payout,
            transferred_on=timezone.localdate(now),
            reference=f"LQ-FONDS-{fund_round.slug}-{payout.rank}",
            by=admin,
            now=now,
        )
    for payout in fund_round.payouts.select_related("proposal", "round"):
        write_impact_report(
            payout=payout,
            text=IMPACT_TEXTS.get(payout.proposal.ballot_number or 0, OTHER_IMPACT),
            by=proposer,
        )


def _voting(now: datetime, voters: list[User], proposer: User) -> None:
    fund_round = _round(VOTING, "Herbstrunde", now, (-40, -20, -3, 10))
    for number, project in enumerate(VOTING_PROJECTS, start=1):
        _proposal(fund_round, project, number, proposer=proposer)
    _vote(fund_round, voters[: max(len(voters) // 2, 1)], [[2], [1], [2], [3]])


@transaction.atomic
def load_demo(*, town: Any) -> None:
    now = timezone.now()
    _fees(now)
    admin = User.objects.people().filter(roles__contains=[Role.TOWN_ADMIN]).first()
    voters = list(eligible_voters().order_by("pk")[:14])
    if admin is None or not voters:
        log.warning("fund demo: no administrator or no voters in %s", town)
        return
    proposer = (
        User.objects.people().filter(roles__contains=[Role.ORGANISATION]).first() or voters[0]
    )
    if not Round.objects.filter(slug=FINISHED).exists():
        _finished(now, voters, admin, proposer)
    if not Round.objects.filter(slug=VOTING).exists():
        _voting(now, voters, proposer)
