"""The shop settings in the browser: the demo's administrator sets a percentage fee with a
minimum and a maximum, is told of a bad maximum first, and sees the rule saved."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from modules.shop.models import ShopSettings
from portal.operators.management.commands.demo import DEMO_PASSWORD
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_resident_portal_journey import DEMO, _log_in, _url, demo_town

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["demo_town"]  # the fixture: Weil der Stadt as `manage.py demo` fills it


def test_the_administrator_sets_a_percentage_fee(
    live_server: Any, page: Any, demo_town: Any
) -> None:
    # given the demo's administrator on the shop settings page
    _log_in(page, live_server, f"admin@{DEMO.domain}", DEMO_PASSWORD)
    page.goto(_url(live_server, "/shop/settings/"))
    assert _violations(page) == []
    # when she chooses a percentage whose minimum is above its maximum
    page.check("input[name=fee_kind][value=percentage]")
    page.fill("input[name=percent]", "3.5")
    page.fill("input[name=minimum_euros]", "30.00")
    page.fill("input[name=maximum_euros]", "25.00")
    page.check("input[name=fee_due][value=confirmation]")
    page.click("main form.stacked button[type=submit]")
    # then she is told, and nothing is saved
    page.wait_for_selector("#id_minimum_euros_error")
    with tenant_context(demo_town):
        assert ShopSettings.current().rule().kind == "flat"
    # when she corrects the minimum
    page.fill("input[name=minimum_euros]", "1.00")
    page.click("main form.stacked button[type=submit]")
    # then the page shows the saved rule
    page.wait_for_url(lambda url: url.endswith("/shop/settings/"))
    text = page.inner_text("main").replace("\xa0", " ")  # euros keep a no-break space
    assert "3,50 %" in text and "1,00 €" in text and "25,00 €" in text, text
    with tenant_context(demo_town):
        rule = ShopSettings.current().rule()
        assert (rule.kind, rule.due, rule.basis_points) == ("percentage", "confirmation", 350)
        assert (rule.minimum_cents, rule.maximum_cents) == (100, 2500)
    assert _violations(page) == []
