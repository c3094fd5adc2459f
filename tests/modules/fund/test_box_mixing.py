"""Mixing the ballot box: after a mix, not even PostgreSQL's transaction ids pair a ballot
or a receipt with its register row (they were written in one transaction)."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection, transaction

from modules.fund.models import Ballot, Channel, Receipt, Round, VoterRecord
from modules.fund.services.box import mix_ballot_box
from tests.factories import UserFactory
from tests.factories.fund import voting_round

SCHEMA = "scratch_fund_box"


def _pairs(table: str) -> int:
    """How many rows of `table` share a transaction id with a register row."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} t JOIN {VoterRecord._meta.db_table} v "  # noqa: S608
            "ON v.xmin = t.xmin"
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _cast_as_the_service_does(fund_round: Round, choice: int) -> None:
    # The three rows in one committed transaction, as a cast writes them.
    with transaction.atomic():
        VoterRecord.objects.create(round=fund_round, voter=UserFactory(), channel=Channel.ONLINE)
        Ballot.objects.create(round=fund_round, choices=[choice])
        Receipt.objects.create(round=fund_round, code_hash=uuid.uuid4().hex * 2)


@pytest.mark.django_db(transaction=True)
def test_a_mix_leaves_no_transaction_id_that_pairs_ballot_and_voter() -> None:
    from tests.scratch_schema import scratch_schema

    with scratch_schema(SCHEMA):
        fund_round, _proposals = voting_round(projects=3)
        for choice in (1, 2, 2, 3, 1):
            _cast_as_the_service_does(fund_round, choice)
        ids_before = set(Ballot.objects.values_list("id", flat=True))
        # before the mix, each ballot is found by its voter's transaction id
        assert _pairs(Ballot._meta.db_table) == 5
        assert _pairs(Receipt._meta.db_table) == 5

        assert mix_ballot_box(fund_round=fund_round) is True

        assert _pairs(Ballot._meta.db_table) == 0
        assert _pairs(Receipt._meta.db_table) == 0
        assert sorted(Ballot.objects.values_list("choices", flat=True)) == [
            [1],
            [1],
            [2],
            [2],
            [3],
        ]
        assert Receipt.objects.count() == 5
        assert not ids_before & set(Ballot.objects.values_list("id", flat=True))
        # nothing new since: a second mix has nothing to do
        assert mix_ballot_box(fund_round=fund_round) is False
        _cast_as_the_service_does(fund_round, 3)
        assert mix_ballot_box(fund_round=fund_round) is True
        assert _pairs(Ballot._meta.db_table) == 0


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_mixes_the_box_of_a_round_in_voting() -> None:
    from modules.fund.tasks import move_rounds
    from tests.scratch_schema import scratch_schema

    with scratch_schema(SCHEMA):
        fund_round, _proposals = voting_round(projects=2)
        for choice in (1, 2, 1):
            _cast_as_the_service_does(fund_round, choice)
        assert _pairs(Ballot._meta.db_table) == 3
        # the five-minute task, as beat runs it (here directly, in the scratch schema)
        move_rounds.run()
        assert _pairs(Ballot._meta.db_table) == 0
        assert _pairs(Receipt._meta.db_table) == 0
        assert Ballot.objects.filter(round=fund_round).count() == 3
