"""Appointments in the browser: a business makes its private calendar address and switches it
off again; the written order of a confirmed order opens and prints; axe-core on each."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from modules.shop.models import CalendarFeed
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.shop import OfferFactory, ProviderFactory, make_confirmed_order

pytestmark = pytest.mark.django_db(transaction=True)

# Fetched by the page itself (same origin): Playwright's own request context would not use
# the browser's host mapping of *.lq.test. Past the browser's cache: the feed may be cached.
FETCH = """async (url) => {
  const response = await fetch(url, {cache: "no-store"});
  return [response.status, response.headers.get("content-type"), await response.text()];
}"""


def _fetch(page: Any, url: str) -> tuple[int, str, str]:
    status, kind, body = page.evaluate(FETCH, url)
    return status, kind, body


def test_a_business_makes_its_calendar_address_and_switches_it_off(live_server, page, towns):
    # given a business with a confirmed appointment
    with tenant_context(towns["alpha"]):
        owner = UserFactory(
            email="maler-calendar@alpha.example", roles=[Role.RESIDENT, Role.PROVIDER]
        )
        painter = ProviderFactory(name="Malerei Kalender", slug="malerei-kalender", owner=owner)
        make_confirmed_order(offer=OfferFactory(provider=painter), resident=UserFactory())
    _log_in(page, live_server, "maler-calendar@alpha.example")
    calendar_page = town_url(live_server, "alpha", "/shop/p/malerei-kalender/calendar/")
    page.goto(calendar_page)
    assert _violations(page) == []
    # when the owner makes the address
    page.click("form:has(input[name=action][value=create]) button[type=submit]")
    page.wait_for_selector("#feed-url")
    # then the page shows it to copy, and a calendar program gets the appointment there
    address = page.input_value("#feed-url")
    assert re.search(r"/shop/calendar/[\w-]{43}\.ics$", address), address
    assert _violations(page) == []
    status, kind, body = _fetch(page, address)
    assert status == 200 and kind.startswith("text/calendar")
    assert "BEGIN:VEVENT" in body
    # when the owner switches it off
    page.click("form:has(input[name=action][value=revoke]) button[type=submit]")
    page.wait_for_selector("form:has(input[name=action][value=create])")
    # then the old address answers 404 and no feed is left
    assert _fetch(page, address)[0] == 404
    with tenant_context(towns["alpha"]):
        assert not CalendarFeed.objects.filter(provider=painter).exists()


def test_the_written_order_opens_and_prints(live_server, page, towns):
    # given a confirmed order of a resident
    with tenant_context(towns["alpha"]):
        resident = UserFactory(email="kundin-calendar@alpha.example")
        provider = ProviderFactory(name="Fensterputz Klar", slug="fensterputz-klar")
        order = make_confirmed_order(offer=OfferFactory(provider=provider), resident=resident)
    _log_in(page, live_server, "kundin-calendar@alpha.example")
    # when she opens her order and follows the link to the written order
    page.goto(town_url(live_server, "alpha", f"/shop/orders/{order.public_id}/"))
    page.click(f"a[href='/shop/orders/{order.public_id}/written/']")
    page.wait_for_url(re.compile(r"/written/$"))
    # then it has its heading and the order number
    heading = page.locator("main h1").inner_text()
    assert heading in ("Order confirmation", "Auftragsbestätigung")
    assert order.number in page.locator("article.written-order").inner_text()
    assert _violations(page) == []
    # and printed, it is the document without the page's buttons
    page.emulate_media(media="print")
    assert page.locator("article.written-order").is_visible()
    assert not page.locator(".written-order-actions").first.is_visible()
    assert page.pdf(format="A4")[:5] == b"%PDF-"
    # and its PDF is there too
    status, kind, _body = _fetch(page, f"/shop/orders/{order.public_id}/written.pdf")
    assert (status, kind) == (200, "application/pdf")
