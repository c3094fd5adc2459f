"""A transfer's note stays on the exchange's own row; the immutable ledger memo names none.

Older ledger rows keep the notes they were posted with: ledger entries are immutable by
design (the database refuses changes), so they are not rewritten."""

from __future__ import annotations

import pytest

from billing.ledger.models import Transaction
from modules.exchange import services
from modules.exchange.models import TimeTransfer
from portal.accounts.models import Role
from portal.personal_data import all_declarations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_transfers_ledger_memo_holds_no_note_text(in_town_a):
    # given Erika helped Josef; the note names him
    erika, josef = UserFactory(), UserFactory()
    transfer = services.propose_transfer(
        proposer=erika, payer=josef, payee=erika, minutes=60, note="Josef Huber, Rasen gemäht"
    )
    # when Josef confirms
    services.confirm_transfer(transfer=transfer, by=josef)
    transfer.refresh_from_db()
    # then the ledger memo is neutral and the note is on the transfer only
    memo = transfer.ledger_transaction.memo
    assert memo == f"time transfer {transfer.public_id}"
    assert "Huber" not in memo and "Rasen" not in memo
    assert transfer.note == "Josef Huber, Rasen gemäht"


def test_a_reversals_memo_holds_no_reason_text(in_town_a):
    moderator = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    erika, josef = UserFactory(), UserFactory()
    transfer = services.propose_transfer(
        proposer=erika, payer=josef, payee=erika, minutes=60, note="Einkauf"
    )
    services.confirm_transfer(transfer=transfer, by=josef)
    mirror = services.reverse_transfer(
        transfer=transfer, moderator=moderator, reason="Josef hat doppelt gebucht"
    )
    assert mirror.ledger_transaction.memo == f"reversal of time transfer {transfer.public_id}"
    assert mirror.note == "Josef hat doppelt gebucht"


def test_after_erasure_no_note_of_the_person_is_left(in_town_a):
    # given a confirmed transfer with a note
    erika, josef = UserFactory(), UserFactory()
    transfer = services.propose_transfer(
        proposer=erika, payer=josef, payee=erika, minutes=30, note="Für Josef eingekauft"
    )
    services.confirm_transfer(transfer=transfer, by=josef)
    # when Josef's data is erased
    for declaration in all_declarations():
        declaration.erase(josef)
    # then neither the transfer nor any ledger transaction holds the note
    assert TimeTransfer.objects.get(pk=transfer.pk).note == ""
    assert not Transaction.objects.filter(memo__contains="eingekauft").exists()
