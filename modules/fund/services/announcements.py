"""Telling the town that voting has opened: one task per town and round (queued by
`advance_round`), the voters told in batches, each by their own choice for the kind (at
once, in the digest, or not at all)."""

from __future__ import annotations

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from portal.letters.periods import town_zone
from portal.notify import notify
from tenants.addresses import town_url

from ..eligibility import eligible_voters
from ..models import Phase, Round
from ..notification_kinds import ROUNDS

BATCH = 200
# The first key of the advisory lock that one announcement run holds per batch (the round
# id is the second): "LQfa".
ANNOUNCE_LOCK = 0x4C516661


def _facts(fund_round: Round) -> dict[str, str]:
    ends = fund_round.voting_ends_at.astimezone(town_zone())
    return {
        "round": fund_round.title,
        "day": f"{ends:%d.%m.%Y}",
        "time": f"{ends:%H:%M}",
        "link": town_url(reverse("fund:round", args=[fund_round.slug])),
    }


def _announce_batch(round_id: int) -> int | None:
    """Tell the next batch of voters; how many, or None when everyone has been told."""
    with transaction.atomic():
        # An advisory lock, not the round's row: a second run waits and then starts after
        # what this one told, while voters (who hold the row FOR SHARE) go on voting; the
        # row itself is written only at the end of the batch.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ANNOUNCE_LOCK, round_id])
        fund_round = Round.objects.get(pk=round_id)
        if fund_round.announced_at is not None or fund_round.phase != Phase.VOTING:
            return None
        people = list(
            eligible_voters().filter(pk__gt=fund_round.announced_through).order_by("pk")[:BATCH]
        )
        if not people:
            Round.objects.filter(pk=round_id).update(announced_at=timezone.now())
            return None
        facts = _facts(fund_round)
        for person in people:
            notify(person, "fund_voting_opened", context=facts, kind=ROUNDS.key)
        Round.objects.filter(pk=round_id).update(announced_through=people[-1].pk)
        return len(people)


def announce_voting_opened(*, round_id: int) -> int:
    """Tell every voter of the town that the round's voting has opened, once; how many were
    told by this run (a second run tells nobody twice)."""
    told = 0
    while (batch := _announce_batch(round_id)) is not None:
        told += batch
    return told
