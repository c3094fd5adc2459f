"""The business answers a request straight from its e-mail, in the browser and without
logging in: it opens the accept link, picks one of the resident's times and sends; the link
then shows that it is no longer valid. axe-core on both pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from modules.shop.models import Order
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import UserFactory
from tests.factories.shop import OfferFactory, ProviderFactory, make_order

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_business_accepts_from_the_link_in_its_email(
    live_server: Any, page: Any, towns: Any, mailoutbox: list[Any]
) -> None:
    # given a request, whose e-mail reached the business
    with tenant_context(towns["alpha"]):
        painter = ProviderFactory(name="Malerei Bunt", request_email="anfragen@bunt.example")
        offer = OfferFactory(provider=painter, title="Fenster streichen")
        resident = UserFactory(email="anna@alpha.example")
        order = make_order(offer=offer, resident=resident, place="Lindenweg 4")
    request_mail = next(m for m in mailoutbox if "anfragen@bunt.example" in m.to)
    link = re.search(r"https?://\S+(/shop/answer/accept/\S+/)", request_mail.body)
    assert link is not None
    address = town_url(live_server, "alpha", link.group(1))
    # when the business opens it without logging in
    page.goto(address)
    assert page.locator("h1").inner_text() == "Accept the request"
    assert "Lindenweg 4" not in page.content()
    assert _violations(page) == []
    # and chooses the resident's first time and sends
    page.check("input[name=window][value='0']")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[role=status]")
    # then the order is accepted, and now the business sees where
    assert "Lindenweg 4" in page.content()
    with tenant_context(towns["alpha"]):
        assert Order.objects.get(pk=order.pk).status == Order.Status.ACCEPTED
    # when the link is opened again, it says it is no longer valid
    response = page.goto(address)
    assert response is not None and response.status == 410
    assert "no longer valid" in page.locator("h1").inner_text()
    assert _violations(page) == []
