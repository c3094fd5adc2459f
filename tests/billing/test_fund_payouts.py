"""The fund's payouts in the ledger: fund -> payable, payable -> the bank, each once; the
fund's balance stays contributions minus payouts, the sum of its entries."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from billing.fees import payouts
from billing.fees import selectors as fees
from billing.fees import services as fee_services
from billing.ledger.models import Entry, OwnerKind, Transaction

pytestmark = pytest.mark.django_db


def _fund_sum() -> int:
    total = Entry.objects.filter(account=fee_services.fund_account()).aggregate(t=Sum("amount"))
    return int(total["t"] or 0)


def test_a_payout_and_its_payment_post_once_with_the_right_signs(in_town_a) -> None:
    # given 100.00 € of fees
    fee_services.post_order_fee(order_key="fp-1", provider_key="maler", amount_cents=10_000)
    payout_id = uuid.uuid4()
    organisation = str(uuid.uuid4())
    # when 60.00 € are paid out to an organisation
    posted = payouts.post_fund_payout(
        payout_id=payout_id,
        owner_kind=OwnerKind.ORGANISATION,
        owner_key=organisation,
        amount_cents=6_000,
        memo="test payout",
    )
    # then the fund has 40.00 €, the payable holds what is owed
    assert posted.key == f"fund.payout:{payout_id}"
    assert fees.fund_balance() == 4_000 == _fund_sum()
    assert fees.fund_contributions() - fees.fund_payouts_total() == 4_000
    assert fees.payout_owed(payout_id=str(payout_id)) == 6_000
    # and a second posting is refused, nothing changes
    with pytest.raises(ValidationError):
        payouts.post_fund_payout(
            payout_id=payout_id,
            owner_kind=OwnerKind.ORGANISATION,
            owner_key=organisation,
            amount_cents=6_000,
            memo="test payout",
        )
    assert fees.fund_balance() == 4_000
    # when the transfer is recorded: the payable is empty, the bank holds it, once
    payment = payouts.post_fund_payment(payout_id=payout_id)
    assert payment.key == f"fund.payment:{payout_id}"
    assert fees.payout_owed(payout_id=str(payout_id)) == 0
    assert sum(payment.entries.values_list("amount", flat=True)) == 0
    assert payouts.bank_account().entries.aggregate(t=Sum("amount"))["t"] == 6_000
    with pytest.raises(ValidationError):
        payouts.post_fund_payment(payout_id=payout_id)
    assert Transaction.objects.filter(key=payment.key).count() == 1
    assert fees.fund_balance() == 4_000 == _fund_sum()


@pytest.mark.parametrize("cents", [0, -5, 1.5, True, "100"])
def test_a_payout_is_whole_cents_above_zero(in_town_a, cents) -> None:
    with pytest.raises(ValidationError):
        payouts.post_fund_payout(
            payout_id=uuid.uuid4(),
            owner_kind=OwnerKind.USER,
            owner_key=str(uuid.uuid4()),
            amount_cents=cents,
            memo="x",
        )


def test_a_payout_goes_only_to_an_organisation_or_a_person(in_town_a) -> None:
    for kind, key in ((OwnerKind.FUND, "x"), (OwnerKind.PROVIDER, "maler"), (OwnerKind.USER, "")):
        with pytest.raises(ValidationError):
            payouts.post_fund_payout(
                payout_id=uuid.uuid4(), owner_kind=kind, owner_key=key, amount_cents=100, memo=""
            )


def test_a_payment_without_a_payout_is_refused(in_town_a) -> None:
    with pytest.raises(ValidationError):
        payouts.post_fund_payment(payout_id=uuid.uuid4())
