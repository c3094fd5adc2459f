"""The secret vote: nothing in the ballot box or the receipts names, dates or numbers a
ballot; nothing lets a query pair a voter with a choice; one voter's 20 parallel
submissions store one ballot."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models

from modules.fund.models import Ballot, Phase, Receipt, VoterRecord
from modules.fund.services.ballots import cast_ballot
from modules.fund.services.rounds import advance_round
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.factories.fund import voting_round

from .ballots_setup import box_sizes

SCHEMA = "scratch_fund_ballot_races"


@pytest.mark.parametrize("model", [Ballot, Receipt])
def test_the_box_and_the_receipts_hold_no_voter_time_or_sequence(model: type[models.Model]) -> None:
    fields = model._meta.get_fields()
    related = [f for f in fields if f.is_relation and f.related_model is not None]
    # their only relation is the round
    assert [f.name for f in related] == ["round"]
    assert all(f.related_model is not User for f in related)
    for field in fields:
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField)
        assert not isinstance(field, models.AutoField | models.BigAutoField)
    assert isinstance(model._meta.pk, models.UUIDField)
    assert not model._meta.ordering


@pytest.mark.django_db
def test_nothing_pairs_a_voter_with_their_choice_after_the_count(in_town_a: Any) -> None:
    # given two voters who vote differently
    fund_round, _ = voting_round(projects=2)
    anna, bert = UserFactory(), UserFactory()
    cast_ballot(fund_round=fund_round, voter=anna, choices=[1])
    cast_ballot(fund_round=fund_round, voter=bert, choices=[2])
    # when voting closes
    advance_round(fund_round=fund_round, to=Phase.RESULTS, by=UserFactory(town_admin=True))
    # then the box's columns are only its random key, the round and the choice
    columns = {f.column for f in Ballot._meta.concrete_fields}
    assert columns == {"id", "round_id", "choices"}
    # and not even the rows' system columns tell which ballot came with which register row:
    # the count mixed the box in one transaction (new random keys, random order)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT xmin::text FROM fund_ballot WHERE round_id = %s", [fund_round.pk]
        )
        ballot_xmins = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT xmin::text FROM fund_voterrecord WHERE round_id = %s", [fund_round.pk]
        )
        voter_xmins = {row[0] for row in cursor.fetchall()}
    assert len(ballot_xmins) == 1
    assert not ballot_xmins & voter_xmins
    assert box_sizes(fund_round) == (2, 2, 2)
    assert VoterRecord.objects.filter(round=fund_round, voter__in=[anna, bert]).count() == 2


def _in_threads(calls: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls), timeout=60)
    results: list[Any] = [None] * len(calls)

    def worker(number: int) -> None:
        try:
            connection.set_schema(SCHEMA)
            barrier.wait()
            results[number] = calls[number]()
        except BaseException as failure:  # the refusals are the point
            results[number] = failure
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_submissions_store_one_ballot() -> None:
    from tests.scratch_schema import scratch_schema

    with scratch_schema(SCHEMA):
        # given one voter and a voting round, committed
        fund_round, _ = voting_round(projects=3)
        voter = UserFactory(email="parallel-voter@example.org")
        # when 20 submissions of hers arrive at once, on 20 connections
        results = _in_threads(
            [
                (lambda n=n: cast_ballot(fund_round=fund_round, voter=voter, choices=[n % 3 + 1]))
                for n in range(20)
            ]
        )
        # then exactly one is stored and the 19 others are told she has voted
        codes = [r for r in results if isinstance(r, str)]
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(codes) == 1, results
        assert len(refused) == 19
        assert all("already voted" in r.messages[0] for r in refused)
        assert box_sizes(fund_round) == (1, 1, 1)


@pytest.mark.django_db(transaction=True)
def test_closing_waits_for_ballots_in_flight_and_refuses_later_ones() -> None:
    from tests.scratch_schema import scratch_schema

    with scratch_schema(SCHEMA):
        fund_round, _ = voting_round(projects=2)
        voters = [UserFactory(email=f"racer{n}@example.org") for n in range(8)]
        admin = UserFactory(email="closer@example.org", town_admin=True)
        calls: list[Any] = [
            (lambda v=v: cast_ballot(fund_round=fund_round, voter=v, choices=[1])) for v in voters
        ]
        calls.append(
            lambda: advance_round(fund_round=fund_round, to=Phase.RESULTS, by=admin, reason="x")
        )
        results = _in_threads(calls)
        unexpected = [
            r
            for r in results
            if isinstance(r, BaseException) and not isinstance(r, ValidationError)
        ]
        assert not unexpected, unexpected
        stored = sum(isinstance(r, str) for r in results[:-1])
        fund_round.refresh_from_db()
        # whatever the order, the count holds exactly the ballots stored
        assert fund_round.ballots_count == stored
        assert box_sizes(fund_round) == (stored, stored, stored)
