"""The monthly fee statement: its total is the ledger's, its lines name orders and ledger keys,
who may see it, which months exist, the PDF, and inert markup."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from billing.fees.rules import FeeRule
from billing.fees.selectors import provider_fees_for_month
from billing.fees.services import post_order_fee
from modules.shop.models import Offer, Order, Provider, ShopSettings
from modules.shop.services.orders import ByLink, accept_order, cancel_order, confirm_order
from modules.shop.statements import Month, NoStatement, fee_statement
from portal.accounts.models import User
from portal.letters.periods import town_zone
from tests.factories import UserFactory
from tests.factories.shop import OfferFactory, make_order

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def offer(painter: Provider) -> Offer:
    return OfferFactory(provider=painter, title="Wände streichen")


@pytest.fixture
def due_at_confirmation(in_town_a: object) -> None:
    settings = ShopSettings.stored()
    settings.fee_rule = FeeRule(kind="flat", due="confirmation", flat_cents=250).as_dict()
    settings.save()


def _confirmed(offer: Offer, resident: User) -> Order:
    order = make_order(offer=offer, resident=resident)
    window = order.windows[0]
    accept_order(order=order, by=ByLink(offer.provider), start=window["start"], end=window["end"])
    return confirm_order(order=order, by=resident)


def _this_month() -> Month:
    return Month.of(timezone.localdate(timezone.now(), town_zone()))


def _url(month: Month, slug: str = "maler-keller", pdf: bool = False) -> str:
    end = ".pdf" if pdf else "/"
    return f"/shop/p/{slug}/statement/{month.year}/{month.month}{end}"


def _older_profile(provider: Provider, days: int = 200) -> None:
    Provider.objects.filter(pk=provider.pk).update(created_at=timezone.now() - timedelta(days=days))
    provider.refresh_from_db()


# --- the figures ----------------------------------------------------------------------------


def test_the_total_is_the_sum_of_the_ledger_entries_including_a_reversal(
    due_at_confirmation, offer, resident
):
    # given three confirmed orders (2.50 EUR each at confirmation), one of them cancelled
    orders = [_confirmed(offer, resident) for _n in range(3)]
    cancel_order(order=orders[1], by=resident, reason="Termin passt doch nicht")
    month = _this_month()
    # when
    statement = fee_statement(provider=offer.provider, year=month.year, month=month.month)
    ledger = provider_fees_for_month(
        provider_key=str(offer.provider.public_id), year=month.year, month=month.month
    )
    # then the statement is the ledger's, line by line
    assert statement.total_cents == ledger.total_cents == 500
    assert [line.cents for line in statement.lines] == [250, 250, 250, -250]
    assert [line.ledger_key for line in statement.lines] == [
        line.ledger_key for line in ledger.lines
    ]
    reversal = statement.lines[-1]
    assert reversal.is_reversal
    assert reversal.order_number == orders[1].number
    assert reversal.order_key == str(orders[1].public_id)
    assert reversal.offer_title == "Wände streichen"
    assert statement.number == f"maler-keller-{month.year:04d}-{month.month:02d}"
    assert statement.provider_key == str(offer.provider.public_id)
    assert not statement.is_final  # the month is still running


def test_a_closed_month_is_final_and_keeps_only_its_own_postings(in_town_a, offer, resident):
    # given a fee posted last month and one this month
    _older_profile(offer.provider)
    last = _this_month().previous()
    old, new = (make_order(offer=offer, resident=resident) for _n in range(2))
    mid_last = datetime(last.year, last.month, 15, 12, tzinfo=town_zone())
    key = str(offer.provider.public_id)
    post_order_fee(order_key=old.order_key, provider_key=key, amount_cents=300, at=mid_last)
    post_order_fee(order_key=new.order_key, provider_key=key, amount_cents=200)
    # when
    statement = fee_statement(provider=offer.provider, year=last.year, month=last.month)
    # then
    assert statement.is_final
    assert [(line.order_number, line.cents) for line in statement.lines] == [(old.number, 300)]
    assert statement.total_cents == 300


def test_the_statement_costs_two_queries(due_at_confirmation, offer, resident):
    for _n in range(3):
        _confirmed(offer, resident)
    month = _this_month()
    with CaptureQueriesContext(connection) as queries:
        fee_statement(provider=offer.provider, year=month.year, month=month.month)
    assert len(queries) <= 2


def test_months_before_the_profile_or_in_the_future_have_no_statement(in_town_a, painter):
    month = _this_month()
    for year, number in (
        (month.next().year, month.next().month),
        (month.previous().year, month.previous().month),  # the profile was made this month
        (month.year, 13),
        (month.year, 0),
        (0, 1),
    ):
        with pytest.raises(NoStatement):
            fee_statement(provider=painter, year=year, month=number)


# --- the page -------------------------------------------------------------------------------


def test_the_owner_reads_the_page_with_lines_reversal_and_total(
    client_a, owner, due_at_confirmation, offer, resident
):
    orders = [_confirmed(offer, resident) for _n in range(2)]
    cancel_order(order=orders[0], by=ByLink(offer.provider), reason="Krank")
    client_a.force_login(owner)
    response = client_a.get(_url(_this_month()))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"maler-keller-{_this_month().year}-{_this_month().month:02d}" in html
    assert html.count(f'href="/shop/orders/{orders[0].public_id}/"') == 2  # fee and reversal
    assert "reversal: order cancelled" in html
    assert "−2.50" in html or "-2.50" in html
    assert "Total due" in html and "2.50\xa0€" in html
    assert "provisional: the month is still running" in html
    assert 'data-label="Amount"' in html


def test_a_month_with_nothing_says_so_and_links_its_neighbours(client_a, owner, painter):
    _older_profile(painter)
    month = _this_month().previous()
    client_a.force_login(owner)
    html = client_a.get(_url(month)).content.decode()
    assert "No fees were posted in this month." in html
    assert f'href="{_url(month.previous())}"' in html
    assert f'href="{_url(month.next())}"' in html
    # the current month has no next one
    assert (
        f'href="{_url(_this_month().next())}"'
        not in client_a.get(_url(_this_month())).content.decode()
    )


def test_future_and_earlier_months_are_404(client_a, owner, painter):
    client_a.force_login(owner)
    month = _this_month()
    assert client_a.get(_url(month.next())).status_code == 404
    assert client_a.get(_url(month.previous())).status_code == 404
    assert client_a.get(f"/shop/p/maler-keller/statement/{month.year}/13/").status_code == 404
    assert client_a.get(_url(month.next(), pdf=True)).status_code == 404


def test_only_the_owner_and_the_network_manager_see_it(
    client_a, owner, moderator, resident, other_provider, painter
):
    url = _url(_this_month())
    for person, status in (
        (owner, 200),
        (moderator, 200),
        (UserFactory(town_admin=True), 200),
        (resident, 403),
        (other_provider, 403),
    ):
        client_a.force_login(person)
        assert client_a.get(url).status_code == status, person.email
    client_a.logout()
    assert client_a.get(url)["Location"].startswith("/accounts/login/")


def test_town_b_gets_404(outsider_client, painter):
    month = _this_month()
    assert outsider_client.get(_url(month)).status_code == 404
    assert outsider_client.get(_url(month, pdf=True)).status_code == 404


# --- the PDF --------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_names_the_number_the_lines_and_the_total(
    client_a, owner, due_at_confirmation, offer, resident
):
    order = _confirmed(offer, resident)
    _confirmed(offer, resident)
    client_a.force_login(owner)
    response = client_a.get(_url(_this_month(), pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    month = _this_month()
    assert f"maler-keller-{month.year}-{month.month:02d}" in text
    assert order.number in text
    assert "Wände streichen" in text
    assert "5.00" in text or "5,00" in text
    assert "Total due" in text


def test_markup_in_the_business_name_and_offer_is_inert_in_page_and_pdf(
    client_a, owner, due_at_confirmation, painter, resident
):
    Provider.objects.filter(pk=painter.pk).update(name=SCRIPT)
    offer = OfferFactory(provider=painter, title=f"Streichen {SCRIPT}")
    _confirmed(offer, resident)
    client_a.force_login(owner)
    html = client_a.get(_url(_this_month())).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
    # in the PDF the markup is printed as the text it is
    text = _pdf_text(client_a.get(_url(_this_month(), pdf=True)).content)
    assert "<script>" in text.replace("\n", "")
