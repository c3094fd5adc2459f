"""The LQ Fonds page (/fund/) and its home-page panel: every figure is the ledger's sum."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import tenant_context

from billing.fees import selectors as fees
from billing.fees import services as fee_services
from billing.ledger.models import Entry
from modules.fund.selectors import last_months
from portal.formatting import euros
from portal.letters.periods import town_today, town_zone
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BALANCE = re.compile(r'<dd id="fund-balance">([^<]*)</dd>')
ORDERS = re.compile(r'<dd id="fund-orders">([^<]*)</dd>')
ROW = re.compile(
    r'<tr><th scope="row" data-label="[^"]+">([^<]+)</th><td data-label="[^"]+">([^<]+)</td></tr>'
)


def _mid_month(months_ago: int) -> datetime:
    """Noon on the 15th, `months_ago` months before the town's current month."""
    first = last_months(town_today(), months_ago + 1)[0]
    return datetime(first.year, first.month, 15, 12, tzinfo=town_zone())


def _post(
    order: str, cents: int, *, months_ago: int | None = None, provider: str = "maler"
) -> None:
    at = _mid_month(months_ago) if months_ago else None
    fee_services.post_order_fee(order_key=order, provider_key=provider, amount_cents=cents, at=at)


def _fees_with_a_reversal() -> None:
    """Fees last month (2.50 + 10.00), this month (4.00, and 2.50 reversed), and one
    14 months ago (1.00) that counts in the balance but is older than the chart."""
    _post("o-1", 250, months_ago=1)
    _post("o-2", 1000, months_ago=1)
    _post("o-3", 400)
    _post("o-old", 100, months_ago=14)
    fee_services.reverse_order_fee(order_key="o-1", reason="cancelled by the resident")


def _page(client, path: str = "/fund/") -> str:  # type: ignore[no-untyped-def]
    """The page in German (amounts as "1.234,50 €")."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_what_the_ledger_sums_up(in_town_a, client_a) -> None:
    # given fees posted through the fee service, one of them reversed
    _fees_with_a_reversal()
    # when a visitor opens the fund page
    html = _page(client_a)
    # then balance and orders are the ledger's figures
    fund_entries = Entry.objects.filter(account=fee_services.fund_account())
    assert fund_entries.aggregate(total=Sum("amount"))["total"] == 1500 == fees.fund_balance()
    assert BALANCE.search(html).group(1) == "15,00\xa0€"  # type: ignore[union-attr]
    assert ORDERS.search(html).group(1) == "3" == str(fees.contributing_orders())  # type: ignore[union-attr]
    # and the table holds the last 12 months, newest first, each the ledger's month sum
    rows = ROW.findall(html)
    assert len(rows) == 12
    per_month = fees.contributions_per_month(since=last_months(town_today())[0])
    months = list(reversed(last_months(town_today())))
    assert [cents for _label, cents in rows] == [_de(per_month.get(month, 0)) for month in months]
    assert rows[0][1] == "1,50\xa0€"  # this month: 4.00 in, 2.50 paid back
    assert rows[1][1] == "12,50\xa0€"  # last month
    assert all(cents == "0,00\xa0€" for _label, cents in rows[2:])
    assert rows[0][0] == _month_de(months[0])
    # and the 1.00 of 14 months ago is in the balance but not in the months shown
    assert sum(per_month.values()) == 1400


def _de(cents: int) -> str:
    from django.utils import translation

    with translation.override("de"):
        return euros(cents)


def _month_de(month: date) -> str:
    from django.utils import formats, translation

    with translation.override("de"):
        return str(formats.date_format(month, "YEAR_MONTH_FORMAT"))


def test_the_chart_is_an_image_with_words_and_a_bar_per_month(in_town_a, client_a) -> None:
    # given fees in two months
    _fees_with_a_reversal()
    # when
    html = _page(client_a)
    # then the SVG names itself and describes the figures in words
    svg = re.search(r"<svg class=\"chart[^>]*>.*?</svg>", html, re.S)
    assert svg is not None
    chart = svg.group(0)
    assert 'role="img"' in chart
    assert 'aria-labelledby="chart-fund-months-title chart-fund-months-desc"' in chart
    assert '<title id="chart-fund-months-title">' in chart
    description = re.search(r'<desc id="chart-fund-months-desc">([^<]*)</desc>', chart)
    assert description is not None and "15,00" not in description.group(1)
    assert "14,00\xa0€" in description.group(1)  # the twelve months' total
    # and one bar per month, each with its month and amount as a tooltip
    bars = re.findall(
        r'<rect class="chart-bar"[^>]*height="([\d.]+)"><title>([^<]*)</title>', chart
    )
    assert len(bars) == 12
    assert bars[-1][1] == f"{_month_de(last_months(town_today())[-1])}: 1,50\xa0€"
    assert [float(height) > 0 for height, _ in bars] == [False] * 10 + [True, True]
    # and no coordinate is written with a German decimal comma
    assert re.search(r'(x|y|width|height)="\d+,\d', chart) is None
    # and the page needs no script
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_month_with_more_paid_back_than_paid_in_hangs_below_the_line(in_town_a) -> None:
    # given a fee last month that is reversed this month, and nothing else
    from modules.fund.charts import contributions_chart
    from modules.fund.selectors import fund_overview

    _post("o-1", 800, months_ago=1)
    fee_services.reverse_order_fee(order_key="o-1", reason="cancelled")
    # when the chart is drawn
    overview = fund_overview()
    chart = contributions_chart(overview.months)
    # then this month's bar starts at the zero line and goes down, last month's goes up
    assert [month.cents for month in overview.months[-2:]] == [800, -800]
    up, down = chart.bars[-2], chart.bars[-1]
    assert up.y + up.height == pytest.approx(chart.baseline)
    assert down.y == chart.baseline and down.height > 0
    assert overview.summary.balance_cents == 0 == fees.fund_balance()
    assert overview.summary.contributing_orders == 0


def test_the_page_costs_the_same_queries_with_many_postings(in_town_a, client_a) -> None:
    # given one fee
    _post("o-0", 300)
    client_a.get("/fund/")  # warm the caches (town, branding)
    with CaptureQueriesContext(connection) as one:
        client_a.get("/fund/")
    # when fees in every one of the last 12 months are added, some reversed
    for number in range(60):
        _post(f"o-{number + 1}", 100 + number, months_ago=number % 12, provider=f"p{number % 5}")
        if number % 7 == 0:
            fee_services.reverse_order_fee(order_key=f"o-{number + 1}", reason="cancelled")
    with CaptureQueriesContext(connection) as many:
        html = _page(client_a)
    # then the page costs as many queries as before, and few
    assert len(many) == len(one) <= 12
    assert ORDERS.search(html).group(1) == str(fees.contributing_orders())  # type: ignore[union-attr]


def test_another_towns_page_shows_only_its_own_fund(in_town_a, client_a, town_b, client_b) -> None:
    # given fees in town A
    _fees_with_a_reversal()
    with tenant_context(town_b):
        fee_services.post_order_fee(order_key="b-1", provider_key="baecker", amount_cents=77)
    # when town B's page is opened
    html_b = _page(client_b)
    # then it shows town B's ledger only
    assert BALANCE.search(html_b).group(1) == "0,77\xa0€"  # type: ignore[union-attr]
    assert ORDERS.search(html_b).group(1) == "1"  # type: ignore[union-attr]
    assert "15,00" not in html_b and "12,50" not in html_b
    assert BALANCE.search(_page(client_a)).group(1) == "15,00\xa0€"  # type: ignore[union-attr]


def test_an_empty_fund_shows_zeros(in_town_a, client_a) -> None:
    html = _page(client_a)
    assert BALANCE.search(html).group(1) == "0,00\xa0€"  # type: ignore[union-attr]
    assert ORDERS.search(html).group(1) == "0"  # type: ignore[union-attr]
    assert len(ROW.findall(html)) == 12


def test_a_town_with_the_fund_off_has_no_fund_page(
    in_town_a, client_a, client_b, switch_off
) -> None:
    # given town A switches the fund off
    switch_off("fund")
    # when its page or its home page is asked for
    response = client_a.get("/fund/")
    home = client_a.get("/").content.decode()
    # then the page does not exist there, and the home page has no fund panel
    assert response.status_code == 404
    assert 'id="fund-panel-heading"' not in home and reverse("fund:overview") not in home
    # and town B still has it
    assert client_b.get("/fund/").status_code == 200


def test_the_page_is_read_only(in_town_a, client_a) -> None:
    assert client_a.post("/fund/").status_code == 405
    assert client_a.get("/fund/").status_code == 200


def test_the_page_links_to_the_shop_only_while_the_shop_is_on(
    in_town_a, client_a, switch_off
) -> None:
    shop = reverse("shop:list")
    assert f'href="{shop}"' in _page(client_a)
    switch_off("shop")
    assert f'href="{shop}"' not in _page(client_a)


def test_the_home_page_shows_the_balance_and_the_orders(in_town_a, client_a) -> None:
    # given fees with a reversal
    _fees_with_a_reversal()
    # when a visitor opens the town's home page
    home = _page(client_a, "/")
    # then the fund's panel shows the ledger's balance and orders and links to the page
    panel = home.split('id="fund-panel-heading"', 1)[1].split("</section>", 1)[0]
    assert "15,00\xa0€" in panel and " 3 " in panel
    assert f'href="{reverse("fund:overview")}"' in panel


def test_a_logged_in_persons_town_page_shows_the_panel_too(in_town_a, client_a) -> None:
    _post("o-1", 250)
    client_a.force_login(UserFactory())
    home = _page(client_a, "/town/")
    assert 'id="fund-panel-heading"' in home and "2,50\xa0€" in home


def test_the_page_speaks_german(in_town_a, client_a) -> None:
    html = _page(client_a)
    assert "<h1>" in html and "LQ Fonds" in html
    assert "Kontostand" in html
    assert "Aufträge, die beigetragen haben" in html
    assert "Beiträge pro Monat" in html


def test_the_last_months_cross_a_new_year() -> None:
    assert last_months(date(2026, 2, 17), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert last_months(date(2026, 12, 1))[0] == date(2026, 1, 1)
    assert len(last_months(date(2026, 12, 1))) == 12 == len(set(last_months(date(2026, 12, 1))))


def test_fees_of_the_current_month_are_counted_this_month(in_town_a) -> None:
    # given a fee posted right now
    _post("o-now", 120)
    from modules.fund.selectors import fund_overview

    # then the last month of the overview holds it
    overview = fund_overview()
    assert overview.months[-1].month == town_today().replace(day=1)
    assert overview.months[-1].cents == 120
    assert sum(month.cents for month in overview.months) == fees.fund_balance()
