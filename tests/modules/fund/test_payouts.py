"""Payouts: the winners get their money from the fund in the ledger once, the bank transfer
is recorded once by an administrator, and the fund's balance is always contributions minus
payouts, the sum of its entries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone

from billing.fees import payouts as ledger_payouts
from billing.fees import selectors as fees
from billing.fees import services as fee_services
from billing.ledger.models import Entry, OwnerKind, Transaction
from modules.directory.models import Organisation
from modules.fund.models import Payout, Phase, Round
from modules.fund.services.payouts import record_transfer
from modules.fund.services.rounds import advance_round
from portal.accounts.models import AuditEntry
from tests.factories import UserFactory
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist
from tests.modules.fund.rounds_kit import counted

pytestmark = pytest.mark.django_db


def _invariant() -> None:
    entries = Entry.objects.filter(account=fee_services.fund_account()).aggregate(t=Sum("amount"))
    assert (
        fees.fund_balance()
        == fees.fund_contributions() - fees.fund_payouts_total()
        == int(entries["t"] or 0)
    )


def _organisation() -> Organisation:
    from tests.factories.directory import OrganisationFactory

    return OrganisationFactory()  # type: ignore[no-any-return]


@pytest.fixture
def results_round(in_town_a, monkeypatch) -> Round:  # type: ignore[no-untyped-def]
    """A counted round: 1 wins (asks 1,000 €), 2 asks 3,000 € (does not fit), 3 asks 500 €."""
    for number in range(3):
        fee_services.post_order_fee(
            order_key=f"payout-{timezone.now().timestamp()}-{number}",
            provider_key="maler",
            amount_cents=60_000,
        )
    fund_round = RoundFactory(phase=Phase.VOTING)
    proposals = [
        ProposalFactory(round=fund_round, amount_cents=100_000, organisation=_organisation()),
        ProposalFactory(round=fund_round, amount_cents=300_000),
        ProposalFactory(round=fund_round, amount_cents=50_000),
    ]
    shortlist(fund_round, proposals)
    budget = fees.fund_balance()
    monkeypatch.setattr(
        "modules.fund.services.results.count_round",
        counted([1, 2, 3], {"1": 9, "2": 5, "3": 2}, min(budget, 160_000)),
    )
    _invariant()
    return advance_round(fund_round=fund_round, to=Phase.RESULTS)


def test_the_result_pays_the_winners_from_the_fund_once(results_round) -> None:
    # given 1,800 € in the fund and 1,600 € to distribute
    balance_before = fees.fund_balance()
    # when the result stands
    fund_round = advance_round(fund_round=results_round, to=Phase.PAYOUT)
    # then every winner has a payout and a ledger posting under its key, once
    payouts = list(Payout.objects.filter(round=fund_round).select_related("proposal"))
    paid = sum(p.amount_cents for p in payouts)
    # the winner's 1,000 €, not the second's 3,000 € (does not fit), the third's 500 €
    assert [(p.rank, p.proposal.ballot_number, p.amount_cents) for p in payouts] == [
        (1, 1, 100_000),
        (2, 3, 50_000),
    ]
    assert paid <= min(balance_before, fund_round.amount_cents or 0)
    for payout in payouts:
        txn = Transaction.objects.get(key=ledger_payouts.payout_key(payout.public_id))
        assert sorted(txn.entries.values_list("amount", flat=True)) == sorted(
            [-payout.amount_cents, payout.amount_cents]
        )
    assert fees.fund_balance() == balance_before - paid
    _invariant()
    # and the impact report is due after the town's days
    assert fund_round.impact_due_on is not None
    # and paying out again is refused
    with pytest.raises(ValidationError):
        from modules.fund.services.payouts import post_payouts

        post_payouts(fund_round=fund_round, now=timezone.now())
    assert Payout.objects.filter(round=fund_round).count() == len(payouts)


def test_the_payable_belongs_to_the_organisation_or_the_proposer(in_town_a) -> None:
    org = _organisation()
    fee_services.post_order_fee(order_key="payee-1", provider_key="maler", amount_cents=9_000)
    fund_round = RoundFactory(
        phase=Phase.RESULTS, amount_cents=8_000, ranking=[1, 2], counts={"1": 4, "2": 3}
    )
    a = ProposalFactory(round=fund_round, amount_cents=5_000, organisation=org)
    b = ProposalFactory(round=fund_round, amount_cents=3_000)
    shortlist(fund_round, [a, b])
    advance_round(fund_round=fund_round, to=Phase.PAYOUT)
    kinds = {
        (e.account.owner_kind, e.account.owner_key)
        for e in Entry.objects.filter(
            transaction__key__startswith=ledger_payouts.PAYOUT_PREFIX, amount__gt=0
        ).select_related("account")
    }
    assert (OwnerKind.ORGANISATION, str(org.public_id)) in kinds
    assert b.proposer is not None
    assert (OwnerKind.USER, str(b.proposer.public_id)) in kinds
    _invariant()


def test_the_transfer_is_recorded_once_by_an_administrator(in_town_a) -> None:
    # given a round with one payout
    fee_services.post_order_fee(order_key="transfer-1", provider_key="maler", amount_cents=6_000)
    fund_round = RoundFactory(phase=Phase.RESULTS, amount_cents=5_000, ranking=[1], counts={"1": 2})
    shortlist(fund_round, [ProposalFactory(round=fund_round, amount_cents=5_000)])
    advance_round(fund_round=fund_round, to=Phase.PAYOUT)
    payout = Payout.objects.get(round=fund_round)
    today = timezone.localdate()
    # a member or an outsider cannot record it
    for person in (UserFactory(), payout.proposal.proposer):
        with pytest.raises(PermissionDenied):
            record_transfer(payout=payout, transferred_on=today, reference="R-1", by=person)  # type: ignore[arg-type]
    # bad input is refused and changes nothing
    admin = UserFactory(town_admin=True)
    for reference in ("", "x" * 141, "<script>alert(1)</script>\x00"):
        with pytest.raises(ValidationError):
            record_transfer(payout=payout, transferred_on=today, reference=reference, by=admin)
    with pytest.raises(ValidationError):
        record_transfer(
            payout=payout, transferred_on=today + timedelta(days=3), reference="R", by=admin
        )
    payout.refresh_from_db()
    assert payout.transferred_on is None
    # when the administrator records it
    record_transfer(payout=payout, transferred_on=today, reference="LQ-2026-1", by=admin)
    # then the payable is paid, the transfer audited, the round on to its impact report
    payout.refresh_from_db()
    assert payout.transferred_on == today and payout.transfer_recorded_by == admin
    assert fees.payout_owed(payout_id=str(payout.public_id)) == 0
    assert AuditEntry.objects.filter(action="fund_transfer_recorded", actor=admin).exists()
    fund_round.refresh_from_db()
    assert fund_round.phase == Phase.IMPACT
    _invariant()
    # and a second record is refused
    with pytest.raises(ValidationError):
        record_transfer(payout=payout, transferred_on=today, reference="again", by=admin)
    assert (
        Transaction.objects.filter(key__startswith=ledger_payouts.PAYMENT_PREFIX)
        .filter(key=ledger_payouts.payment_key(payout.public_id))
        .count()
        == 1
    )


def test_no_money_no_payouts(in_town_a) -> None:
    fund_round = RoundFactory(phase=Phase.RESULTS, amount_cents=0, ranking=[1], counts={"1": 2})
    shortlist(fund_round, [ProposalFactory(round=fund_round)])
    advance_round(fund_round=fund_round, to=Phase.PAYOUT)
    assert not Payout.objects.filter(round=fund_round).exists()
    _invariant()
