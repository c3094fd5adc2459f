"""The time bank: balanced, immutable, confirmed by the other party, limits from the town."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum

from billing.ledger.models import Entry, Transaction
from modules.exchange import services
from modules.exchange.models import (
    ExchangeSettings,
    TimeTransfer,
)
from modules.exchange.selectors import balance_of, history_of
from portal.accounts.models import AuditEntry, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _assert_ledger_balanced() -> None:
    assert (Entry.objects.aggregate(total=Sum("amount"))["total"] or 0) == 0
    for transfer in TimeTransfer.objects.filter(status=TimeTransfer.Status.CONFIRMED):
        entries = transfer.ledger_transaction.entries.all()
        assert transfer.ledger_transaction.key == f"exchange.transfer:{transfer.public_id}"
        assert len(entries) == 2 and sum(e.amount for e in entries) == 0
        assert {e.account_id for e in entries} == {
            transfer.from_account.ledger_account_id,
            transfer.to_account.ledger_account_id,
        }


def test_confirmed_transfer_moves_hours_and_sums_to_zero(
    in_town_a, mailoutbox, django_capture_on_commit_callbacks
):
    # given Erika helped Josef in the garden for two hours
    erika, josef = UserFactory(), UserFactory()
    # when Erika proposes and Josef confirms
    with django_capture_on_commit_callbacks(execute=True):
        transfer = services.propose_transfer(
            proposer=erika, payer=josef, payee=erika, minutes=120, note="Garten"
        )
    assert balance_of(erika) == 0  # nothing moves before confirmation
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [josef.email]
    services.confirm_transfer(transfer=transfer, by=josef)
    # then the hours moved and the ledger is balanced
    assert balance_of(erika) == 120
    assert balance_of(josef) == -120
    transfer.refresh_from_db()
    assert transfer.status == TimeTransfer.Status.CONFIRMED and transfer.confirmed_at
    _assert_ledger_balanced()
    lines = history_of(erika)
    assert lines[0].counterparty == josef and lines[0].running_balance == 120


def test_proposer_cannot_confirm_alone(in_town_a):
    erika, josef = UserFactory(), UserFactory()
    transfer = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=60)
    with pytest.raises(ValidationError, match="other person"):
        services.confirm_transfer(transfer=transfer, by=erika)
    assert Entry.objects.count() == 0


def test_replayed_confirmation_posts_nothing(in_town_a):
    erika, josef = UserFactory(), UserFactory()
    transfer = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=60)
    services.confirm_transfer(transfer=transfer, by=josef)
    with pytest.raises(ValidationError, match="already been confirmed"):
        services.confirm_transfer(transfer=transfer, by=josef)
    assert Entry.objects.count() == 2
    assert balance_of(erika) == 60


def test_declined_transfer_cannot_be_confirmed(in_town_a):
    erika, josef = UserFactory(), UserFactory()
    transfer = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=60)
    services.decline_transfer(transfer=transfer, by=josef)
    with pytest.raises(ValidationError, match="declined"):
        services.confirm_transfer(transfer=transfer, by=josef)
    assert Entry.objects.count() == 0


def test_outsider_cannot_confirm_or_decline(in_town_a):
    erika, josef, mallory = UserFactory(), UserFactory(), UserFactory()
    transfer = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=60)
    with pytest.raises(PermissionDenied):
        services.confirm_transfer(transfer=transfer, by=mallory)
    with pytest.raises(PermissionDenied):
        services.decline_transfer(transfer=transfer, by=mallory)
    transfer.refresh_from_db()
    assert transfer.status == TimeTransfer.Status.PROPOSED


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (0, "more than zero"),
        (-60, "more than zero"),
        (50, "quarter hours"),
        (61, "quarter hours"),
        (60 * 51, "At most"),
        ("60", "whole number"),
        (1.5, "whole number"),
        (True, "whole number"),
        (None, "whole number"),
    ],
)
def test_bad_minutes_are_refused(in_town_a, minutes, message):
    erika, josef = UserFactory(), UserFactory()
    with pytest.raises(ValidationError, match=message):
        services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=minutes)
    assert TimeTransfer.objects.count() == 0


def test_transfer_to_oneself_is_refused(in_town_a):
    erika = UserFactory()
    with pytest.raises(ValidationError, match="yourself"):
        services.propose_transfer(proposer=erika, payer=erika, payee=erika, minutes=60)
    assert TimeTransfer.objects.count() == 0


def test_proposing_for_others_is_refused(in_town_a):
    erika, josef, mallory = UserFactory(), UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        services.propose_transfer(proposer=mallory, payer=josef, payee=erika, minutes=60)
    assert TimeTransfer.objects.count() == 0


def test_unverified_user_cannot_propose(in_town_a):
    erika, josef = UserFactory(email_verified_at=None), UserFactory()
    with pytest.raises(PermissionDenied):
        services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=60)
    assert TimeTransfer.objects.count() == 0


def test_overlong_note_is_refused(in_town_a):
    erika, josef = UserFactory(), UserFactory()
    with pytest.raises(ValidationError, match="at most 300"):
        services.propose_transfer(
            proposer=erika, payer=josef, payee=erika, minutes=60, note="x" * 301
        )
    assert TimeTransfer.objects.count() == 0


def test_negative_limit_from_settings(in_town_a):
    # given a town whose balances may go 1 hour below zero
    ExchangeSettings.objects.create(allow_negative=True, negative_limit_minutes=60)
    erika, josef = UserFactory(), UserFactory()
    first = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=60)
    services.confirm_transfer(transfer=first, by=josef)
    # when Josef would go below -1:00
    second = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=15)
    with pytest.raises(ValidationError, match="may not go below"):
        services.confirm_transfer(transfer=second, by=josef)
    # then nothing moved and the proposal is still open
    assert balance_of(josef) == -60
    second.refresh_from_db()
    assert second.status == TimeTransfer.Status.PROPOSED


def test_no_negative_balances_when_the_town_forbids_them(in_town_a):
    ExchangeSettings.objects.create(allow_negative=False, negative_limit_minutes=600)
    erika, josef = UserFactory(), UserFactory()
    transfer = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=15)
    with pytest.raises(ValidationError, match="below zero"):
        services.confirm_transfer(transfer=transfer, by=josef)
    assert Entry.objects.count() == 0


def test_database_refuses_changing_or_deleting_posted_time(in_town_a):
    erika, josef = UserFactory(), UserFactory()
    transfer = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=60)
    services.confirm_transfer(transfer=transfer, by=josef)
    transfer.refresh_from_db()
    posted = Entry.objects.filter(transaction=transfer.ledger_transaction)
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        posted.update(amount=600)
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        posted.delete()
    # (around Django's own PROTECT check, straight to the database)
    with (
        pytest.raises(DatabaseError, match="immutable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "DELETE FROM ledger_transaction WHERE id = %s", [transfer.ledger_transaction_id]
        )
    assert sorted(posted.values_list("amount", flat=True)) == [-60, 60]
    assert balance_of(erika) == 60


def test_the_old_time_entries_and_their_triggers_are_gone(in_town_b):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass(%s), COUNT(p.oid) FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = %s AND p.proname LIKE 'exchange_timeentry_%%'",
            [f"{in_town_b.schema_name}.exchange_timeentry", in_town_b.schema_name],
        )
        table, functions = cursor.fetchone()
    assert table is None and functions == 0


def test_confirming_twice_at_once_posts_once(in_town_a):
    # given a confirmed transfer whose status row is stale in a second reader's hands
    erika, josef = UserFactory(), UserFactory()
    transfer = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=60)
    stale = TimeTransfer.objects.get(pk=transfer.pk)
    services.confirm_transfer(transfer=transfer, by=josef)
    # when the stale copy is confirmed again, then the lock sees the status and nothing posts
    with pytest.raises(ValidationError, match="already been confirmed"):
        services.confirm_transfer(transfer=stale, by=josef)
    assert Transaction.objects.count() == 1 and balance_of(erika) == 60


def _consent(person, recorded_by):
    from portal.behalf.services import record_consent

    return record_consent(
        recorded_by=recorded_by, person=person, scopes=["exchange_time"], given_how="phone"
    )


def test_moderator_records_transfer_for_someone_offline(in_town_a):
    # given Josef is not online; Markus (moderator) records what Erika and Josef agreed
    moderator = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    erika, josef = UserFactory(), UserFactory()
    _consent(josef, moderator)
    transfer = services.record_transfer_for(
        moderator=moderator,
        payer=josef,
        payee=erika,
        minutes=90,
        on_behalf_of=josef,
        note="Telefonisch bestätigt",
    )
    assert transfer.status == TimeTransfer.Status.CONFIRMED
    assert transfer.recorded_by_moderator == moderator
    assert balance_of(erika) == 90 and balance_of(josef) == -90
    audit = AuditEntry.objects.get(action="exchange_transfer_recorded")
    assert audit.actor == moderator and audit.on_behalf_of == josef
    assert audit.target_key == str(transfer.public_id)
    assert audit.detail["reason"] == "Telefonisch bestätigt"
    _assert_ledger_balanced()


def test_resident_cannot_record_for_others(in_town_a):
    mallory, erika, josef = UserFactory(), UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        services.record_transfer_for(
            moderator=mallory, payer=josef, payee=erika, minutes=60, on_behalf_of=josef, note="x"
        )
    assert TimeTransfer.objects.count() == 0


def test_moderator_cannot_record_own_transfer(in_town_a):
    moderator = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    erika = UserFactory()
    _consent(erika, UserFactory(moderator=True))
    with pytest.raises(ValidationError, match="Another moderator"):
        services.record_transfer_for(
            moderator=moderator,
            payer=erika,
            payee=moderator,
            minutes=60,
            on_behalf_of=erika,
            note="x",
        )
    assert TimeTransfer.objects.count() == 0


def test_reversal_corrects_by_mirror_transfer_once(in_town_a):
    moderator = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    erika, josef = UserFactory(), UserFactory()
    transfer = services.propose_transfer(proposer=erika, payer=josef, payee=erika, minutes=60)
    services.confirm_transfer(transfer=transfer, by=josef)
    services.reverse_transfer(transfer=transfer, moderator=moderator, reason="Doppelt gebucht")
    assert balance_of(erika) == 0 and balance_of(josef) == 0
    assert Entry.objects.count() == 4
    with pytest.raises(ValidationError, match="already been reversed"):
        services.reverse_transfer(transfer=transfer, moderator=moderator, reason="nochmal")
    assert Entry.objects.count() == 4
    _assert_ledger_balanced()


def test_balances_always_sum_to_zero_over_many_transfers(in_town_a):
    people = [UserFactory() for _ in range(5)]
    for index in range(20):
        payer, payee = people[index % 5], people[(index * 3 + 1) % 5]
        if payer == payee:
            continue
        transfer = services.propose_transfer(
            proposer=payee, payer=payer, payee=payee, minutes=15 * (index % 4 + 1)
        )
        services.confirm_transfer(transfer=transfer, by=payer)
    assert sum(balance_of(person) for person in people) == 0
    _assert_ledger_balanced()


# Defect 7: parties and participation


@pytest.mark.parametrize("side", ["payer", "payee"])
def test_moderator_cannot_reverse_a_transfer_he_took_part_in(in_town_a, side):
    # given a moderator who was helped (or helped) and the transfer was confirmed
    moderator = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    erika = UserFactory()
    payer, payee = (moderator, erika) if side == "payer" else (erika, moderator)
    transfer = services.propose_transfer(proposer=payee, payer=payer, payee=payee, minutes=120)
    services.confirm_transfer(transfer=transfer, by=payer)
    # when he tries to reverse it (which would clear his own debt), then it is refused
    with pytest.raises(PermissionDenied, match="Another moderator"):
        services.reverse_transfer(transfer=transfer, moderator=moderator, reason="Irrtum")
    assert balance_of(payer) == -120 and balance_of(payee) == 120
    assert TimeTransfer.objects.count() == 1 and Transaction.objects.count() == 1
    # and another moderator may
    other = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    services.reverse_transfer(transfer=transfer, moderator=other, reason="Irrtum")
    assert balance_of(payer) == 0 and balance_of(payee) == 0
    assert AuditEntry.objects.get(action="exchange_transfer_reversed").actor == other


@pytest.mark.parametrize(
    "blocked",
    [
        {"email_verified_at": None},
        {"status": "pending"},
        {"status": "blocked"},
        {"is_active": False},
    ],
)
@pytest.mark.parametrize("side", ["payer", "payee"])
def test_moderator_cannot_book_time_for_people_who_may_not_take_part(in_town_a, blocked, side):
    moderator = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    erika, cannot = UserFactory(), UserFactory(**blocked)
    payer, payee = (cannot, erika) if side == "payer" else (erika, cannot)
    _consent(erika, moderator)
    with pytest.raises(ValidationError, match="cannot take part"):
        services.record_transfer_for(
            moderator=moderator,
            payer=payer,
            payee=payee,
            minutes=60,
            on_behalf_of=erika,
            note="Telefonisch",
        )
    assert TimeTransfer.objects.count() == 0 and Entry.objects.count() == 0


def test_nobody_proposes_time_with_an_unverified_person(in_town_a):
    erika, new = UserFactory(), UserFactory(email_verified_at=None)
    with pytest.raises(ValidationError, match="cannot take part"):
        services.propose_transfer(proposer=erika, payer=new, payee=erika, minutes=60)
    assert TimeTransfer.objects.count() == 0


def test_recording_for_the_payee_needs_the_payers_consent_too(in_town_a):
    # given Erika consented, Josef (who would pay) did not
    moderator = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    erika, josef = UserFactory(), UserFactory()
    _consent(erika, moderator)
    with pytest.raises(PermissionDenied):
        services.record_transfer_for(
            moderator=moderator,
            payer=josef,
            payee=erika,
            minutes=60,
            on_behalf_of=erika,
            note="Telefonisch",
        )
    assert TimeTransfer.objects.count() == 0 and balance_of(josef) == 0
    # and with Josef's consent as well, it is recorded
    _consent(josef, moderator)
    services.record_transfer_for(
        moderator=moderator, payer=josef, payee=erika, minutes=60, on_behalf_of=erika, note="ok"
    )
    assert balance_of(erika) == 60 and balance_of(josef) == -60


def test_network_manager_cannot_confirm_for_someone_a_transfer_that_pays_himself(in_town_a):
    # given a moderator proposes "Erika pays me 10 hours" and has Erika's consent
    moderator = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    erika = UserFactory()
    _consent(erika, UserFactory(moderator=True))
    _consent(erika, moderator)
    transfer = services.propose_transfer(
        proposer=moderator, payer=erika, payee=moderator, minutes=600
    )
    # when he confirms it on Erika's behalf, then it is refused and nothing moves
    with pytest.raises(PermissionDenied):
        services.confirm_transfer(transfer=transfer, by=moderator, on_behalf_of=erika)
    transfer.refresh_from_db()
    assert transfer.status == TimeTransfer.Status.PROPOSED
    assert balance_of(erika) == 0 and balance_of(moderator) == 0


def test_a_proposal_names_every_problem_at_once(people):
    from django.core.exceptions import ValidationError

    from modules.exchange.models import TimeTransfer

    with pytest.raises(ValidationError) as caught:
        services.propose_transfer(
            proposer=people["owner"],
            payer=people["member"],
            payee=people["owner"],
            minutes=7,
            note="x" * 400,
        )
    assert set(caught.value.message_dict) == {"minutes", "note"}
    assert not TimeTransfer.objects.exists()
