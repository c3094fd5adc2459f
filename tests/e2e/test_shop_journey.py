"""Issue 8's "done when" as one journey in a real Chromium, in a town filled exactly as the
demo fills Weil der Stadt: a resident finds and compares two offers and sends a request; the
business accepts it from the link in its e-mail without logging in; the resident confirms;
the business marks it done from its e-mail; the LQ Fonds has grown by the fee, and the order
is on the business's fee statement."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from billing.fees.selectors import fund_balance
from modules.shop.models import Offer, Order
from portal.formatting import euros
from portal.operators.management.commands.demo import DEMO_PASSWORD
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_resident_portal_journey import DEMO, demo_town  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db(transaction=True)

RESIDENT = f"erika@{DEMO.domain}"
ADMIN = f"admin@{DEMO.domain}"
BUSINESS = "Glasklar Fensterreinigung"


def _url(live_server: Any, path: str) -> str:
    return town_url(live_server, DEMO.slug, path)


def _log_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(_url(live_server, "/accounts/login/"))
    page.fill("main input[name=username]", email)
    page.fill("main input[name=password]", DEMO_PASSWORD)
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def _log_out(page: Any) -> None:
    page.context.clear_cookies()


def _link_in(mail: Any, action: str) -> str:
    found = re.search(rf"https?://\S+?(/shop/answer/{action}/[^\s/]+/)", mail.body)
    assert found is not None, mail.body
    return found.group(1)


def test_a_request_goes_from_the_resident_to_the_business_and_fills_the_fund(
    live_server: Any,
    page: Any,
    demo_town: Any,  # noqa: F811 - the fixture imported above
    mailoutbox: list[Any],
) -> None:
    with tenant_context(demo_town):
        before = fund_balance()
        cleaning = list(
            Offer.objects.filter(provider__name=BUSINESS, status=Offer.Status.PUBLISHED)
            .order_by("title")
            .values_list("public_id", "title")
        )
        request_email = Offer.objects.filter(provider__name=BUSINESS).first().provider.request_email
    assert len(cleaning) >= 2

    # the resident finds the window cleaner's offers and compares two of them
    _log_in(page, live_server, RESIDENT)
    page.goto(_url(live_server, "/shop/offers/?q=Fenster"))
    for public_id, _title in cleaning[:2]:
        page.check(f"input[name=o][value='{public_id}']")
    page.click("form.offer-compare-form button[type=submit]")
    page.wait_for_url(re.compile(r"/shop/compare/"))
    compared = page.locator("main table").inner_text()
    assert cleaning[0][1] in compared and cleaning[1][1] in compared
    assert _violations(page) == []

    # and requests the first one, with one preferred time
    page.goto(_url(live_server, f"/shop/o/{cleaning[0][0]}/"))
    page.click("a[data-request]")
    day = timezone.localdate() + timedelta(days=4)
    page.fill("textarea[name=need]", "Acht Fenster im Erdgeschoss, innen und außen.")
    page.fill("input[name=window_1_date]", day.isoformat())
    page.fill("input[name=window_1_start]", "09:00")
    page.fill("input[name=window_1_end]", "12:00")
    page.fill("input[name=place]", "Marktplatz 3, 71263 Weil der Stadt")
    page.check("input[name=contact_by][value=email]")
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/shop/orders/[0-9a-f-]+/$"))
    with tenant_context(demo_town):
        order = Order.objects.order_by("-requested_at").first()
        assert order is not None and order.status == Order.Status.REQUESTED
    _log_out(page)

    # the business opens its e-mail and accepts without logging in; no address before that
    request_mail = next(m for m in mailoutbox if request_email in m.to)
    assert "Marktplatz 3" not in request_mail.body
    page.goto(_url(live_server, _link_in(request_mail, "accept")))
    assert "Marktplatz 3" not in page.content()
    page.check("input[name=window][value='0']")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[role=status]")
    assert "Marktplatz 3" in page.content()

    # the resident confirms the appointment on her order page
    _log_in(page, live_server, RESIDENT)
    page.goto(_url(live_server, f"/shop/orders/{order.public_id}/"))
    page.click("button[data-step=confirm]")
    page.wait_for_selector("a[href$='/written/']")
    _log_out(page)
    with tenant_context(demo_town):
        assert Order.objects.get(pk=order.pk).status == Order.Status.CONFIRMED

    # the business marks the job done from the link in its confirmation mail
    confirmed_mail = [m for m in mailoutbox if request_email in m.to][-1]
    assert any(name.endswith(".ics") for name, _content, _type in confirmed_mail.attachments)
    page.goto(_url(live_server, _link_in(confirmed_mail, "complete")))
    page.click("main form button[type=submit]")
    page.wait_for_selector("[role=status]")
    with tenant_context(demo_town):
        done = Order.objects.select_related("provider").get(pk=order.pk)
        assert done.status == Order.Status.COMPLETED
        after = fund_balance()
        slug = done.provider.slug
    assert after > before

    # the LQ Fonds shows the grown balance
    page.goto(_url(live_server, "/fund/"))
    with translation.override("de"):  # the demo town speaks German
        shown = euros(after)
    assert shown.replace("\u00a0", " ") in page.locator("main").inner_text().replace("\u00a0", " ")

    # and the order is on the business's statement for this month
    _log_in(page, live_server, ADMIN)
    month = timezone.localdate()
    page.goto(_url(live_server, f"/shop/p/{slug}/statement/{month.year}/{month.month}/"))
    assert done.number in page.locator("main").inner_text()
    assert _violations(page) == []
