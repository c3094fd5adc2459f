"""The business's dashboard on a phone: a provider opens it, follows an open request to its
order, and opens the month's fee statement; axe-core finds nothing on the dashboard."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.shop.services.orders import ByLink, accept_order, complete_order, confirm_order
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory
from tests.factories.shop import OfferFactory, ProviderFactory, make_order

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def _log_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/me/$"))


def test_a_provider_works_from_the_dashboard_on_a_phone(live_server, page, towns):
    # given a painter with an open request and a completed order (its fee this month)
    with tenant_context(towns["alpha"]):
        owner = UserFactory(
            email="maler-dashboard@alpha.example", roles=[Role.RESIDENT, Role.PROVIDER]
        )
        painter = ProviderFactory(name="Malerei Keller", slug="malerei-keller", owner=owner)
        offer = OfferFactory(provider=painter, title="Wände streichen")
        resident = UserFactory(email="kundin-dashboard@alpha.example")
        done = make_order(offer=offer, resident=resident)
        window = done.windows[0]
        accept_order(order=done, by=ByLink(painter), start=window["start"], end=window["end"])
        confirm_order(order=done, by=resident)
        complete_order(order=done, by=ByLink(painter))
        waiting = make_order(offer=offer, resident=resident, need="Flur und Treppenhaus.")
        today = timezone.localdate()
    page.set_viewport_size(PHONE)
    _log_in(page, live_server, "maler-dashboard@alpha.example")
    # when she opens her dashboard
    page.goto(town_url(live_server, "alpha", "/shop/dashboard/"))
    page.wait_for_url(re.compile(r"/shop/p/malerei-keller/dashboard/$"))
    # then it fits the phone and passes the accessibility checks
    assert _violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    answer = page.get_by_role("link", name=re.compile(waiting.number))
    box = answer.bounding_box()
    assert box is not None and box["height"] >= 44
    # when she follows the open request, she is on its order page
    answer.click()
    page.wait_for_url(re.compile(rf"/shop/orders/{waiting.public_id}/$"))
    assert waiting.number in page.content()
    # when she goes back and opens the month's statement
    page.go_back()
    page.click(f"a[href$='/statement/{today.year}/{today.month}/']")
    page.wait_for_url(re.compile(rf"/shop/p/malerei-keller/statement/{today.year}/{today.month}/$"))
    # then it lists the completed order's fee and the total
    text = page.inner_text("main")
    assert done.number in text
    assert f"malerei-keller-{today.year}-{today.month:02d}" in text
    assert re.search(r"Total.*\b2[.,]00\xa0€|Summe.*\b2[.,]00\xa0€|2[.,]00\xa0€", text)
    assert _violations(page) == []
