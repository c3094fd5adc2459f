"""Mixing the ballot box, so that not even PostgreSQL's own bookkeeping joins a ballot to
its voter.

The tables join nothing (see models.py), but a ballot, its register row and its receipt
are written in one transaction, so PostgreSQL stamps all three with the same transaction id
(the hidden `xmin` column) and stores them one after the other on disk (`ctid`). Mixing
rewrites the whole box of a round in one transaction: every ballot and receipt gets a new
random key, the mixing transaction's id, and a place in a random order. The beat task mixes
every round in voting whose box has new ballots (every few minutes), and the count mixes
once more before it reads the box. What stays: while a ballot waits for the next mix, an
attacker reading the live database (or its write-ahead log) could pair it; that is the
same exposure a paper ballot has between the voter and the urn, for minutes, and it is
said in the closing note.
"""

from __future__ import annotations

import logging
import secrets
import uuid

from django.db import connection, transaction

from ..models import Ballot, Phase, Receipt, Round, VoterRecord

log = logging.getLogger(__name__)


def _needs_mixing(fund_round: Round) -> bool:
    """Whether some ballot or receipt still carries the transaction id of a register row
    (written together when the vote was cast, not rewritten by a mix since)."""
    ballots, receipts, register = (model._meta.db_table for model in (Ballot, Receipt, VoterRecord))
    # Table names come from the models, values go as parameters.
    sql = (
        f"SELECT EXISTS (SELECT 1 FROM {ballots} b JOIN {register} v ON v.xmin = b.xmin "  # noqa: S608
        "WHERE b.round_id = %s AND v.round_id = %s) "
        f"OR EXISTS (SELECT 1 FROM {receipts} r JOIN {register} v ON v.xmin = r.xmin "
        "WHERE r.round_id = %s AND v.round_id = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fund_round.pk] * 4)
        row = cursor.fetchone()
    return bool(row and row[0])


@transaction.atomic
def mix_ballot_box(*, fund_round: Round, force: bool = False) -> bool:
    """Rewrite the round's ballots and receipts in a random order with new keys (one
    transaction, the round locked so no ballot arrives meanwhile); False when nothing new
    was there to mix."""
    Round.objects.select_for_update().filter(pk=fund_round.pk).first()
    if not force and not _needs_mixing(fund_round):
        return False
    shuffle = secrets.SystemRandom().shuffle
    ballots = list(Ballot.objects.filter(round=fund_round).values_list("choices", flat=True))
    receipts = list(Receipt.objects.filter(round=fund_round).values_list("code_hash", flat=True))
    shuffle(ballots)
    shuffle(receipts)
    Ballot.objects.filter(round=fund_round).delete()
    Receipt.objects.filter(round=fund_round).delete()
    Ballot.objects.bulk_create(
        Ballot(id=uuid.uuid4(), round=fund_round, choices=choices) for choices in ballots
    )
    Receipt.objects.bulk_create(
        Receipt(id=uuid.uuid4(), round=fund_round, code_hash=code_hash) for code_hash in receipts
    )
    return True


def mix_open_boxes() -> int:
    """Mix the box of every round in voting that has new ballots; how many were mixed (a
    fault in one round is logged and the others are still mixed)."""
    mixed = 0
    for fund_round in Round.objects.filter(phase=Phase.VOTING):
        try:
            mixed += mix_ballot_box(fund_round=fund_round)
        except Exception:
            log.exception("fund round %s: the ballot box could not be mixed", fund_round.slug)
    return mixed
