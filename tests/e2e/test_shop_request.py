"""A resident requests a service in the browser: the request form with two time windows
(Chromium's own date and time inputs), the order page, and later the confirmation of the
appointment the business proposed; axe-core on each page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.shop.models import Order
from modules.shop.services.orders import ByLink, accept_order, windows_of
from portal.accounts.models import Role
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.shop import OfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_requests_a_service_and_confirms_the_appointment(live_server, page, towns):
    # given a window cleaner's public offer and a resident
    with tenant_context(towns["alpha"]):
        owner = UserFactory(
            email="putz-request@alpha.example", roles=[Role.RESIDENT, Role.PROVIDER]
        )
        cleaner = ProviderFactory(name="Glanz und Klar", slug="glanz-klar", owner=owner)
        offer = OfferFactory(provider=cleaner, title="Fenster putzen")
        UserFactory(email="kundin-request@alpha.example")
    first = timezone.localdate() + timedelta(days=3)
    second = timezone.localdate() + timedelta(days=5)
    _log_in(page, live_server, "kundin-request@alpha.example")

    # when she fills the form with two windows in the browser's date and time inputs
    page.goto(town_url(live_server, "alpha", f"/shop/o/{offer.public_id}/"))
    page.click("a[data-request]")
    page.wait_for_url(re.compile(r"/request/$"))
    assert _violations(page) == []
    assert page.get_attribute("input[name=window_1_date]", "type") == "date"
    assert page.get_attribute("input[name=window_1_start]", "type") == "time"
    page.fill("textarea[name=need]", "Sechs Fenster, zwei davon im ersten Stock.")
    page.fill("input[name=window_1_date]", first.isoformat())
    page.fill("input[name=window_1_start]", "09:00")
    page.fill("input[name=window_1_end]", "11:30")
    page.fill("input[name=window_2_date]", second.isoformat())
    page.fill("input[name=window_2_start]", "14:00")
    page.fill("input[name=window_2_end]", "16:00")
    page.fill("input[name=place]", "Stuttgarter Straße 5")
    page.check("input[name=contact_by][value=email]")
    page.click("main form.stacked button[type=submit]")

    # then she sees her order page, with both times as she typed them
    page.wait_for_url(re.compile(r"/shop/orders/[0-9a-f-]+/$"))
    assert page.get_attribute("[data-status]", "data-status") == "requested"
    assert "Glanz und Klar" in page.content()
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        order = Order.objects.get(offer=offer)
        starts = [timezone.localtime(window.start) for window in windows_of(order)]
        assert [(s.date(), s.strftime("%H:%M")) for s in starts] == [
            (first, "09:00"),
            (second, "14:00"),
        ]
        # when the business accepts her second time from its e-mail
        window = order.windows[1]
        accept_order(order=order, by=ByLink(cleaner), start=window["start"], end=window["end"])

    # then the page asks her to confirm, and she does
    page.reload()
    assert page.get_attribute("[data-status]", "data-status") == "accepted"
    assert page.locator("[data-appointment]").count() == 1
    assert _violations(page) == []
    page.click("button[data-step=confirm]")
    page.wait_for_url(re.compile(r"/shop/orders/[0-9a-f-]+/$"))
    assert page.get_attribute("[data-status]", "data-status") == "confirmed"
    with tenant_context(towns["alpha"]):
        order.refresh_from_db()
        assert order.status == Order.Status.CONFIRMED
        assert order.appointment_start is not None
        assert timezone.localtime(order.appointment_start).date() == second
