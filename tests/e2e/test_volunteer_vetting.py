"""Vetting in the browser: a volunteer offers to help; the coordinator records the
certificate (Chromium's date inputs) and vets them; the coordinator sees an expired check on
the helpers page. axe-core on each page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.volunteer.models import CheckKind, Helper, HelperStatus
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.e2e.test_shop_providers import _log_in
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory, add_check

pytestmark = pytest.mark.django_db(transaction=True)

CERT = CheckKind.CONDUCT_CERTIFICATE


def test_a_volunteer_joins_and_the_coordinator_records_a_check_and_vets(live_server, page, towns):
    # given a babysitter service that requires a certificate of good conduct
    with tenant_context(towns["alpha"]):
        coordinator = UserFactory(email="vetting-e2e-coordinator@alpha.example")
        service = ServiceFactory(
            slug="vetting-e2e-babysitter",
            title="Babysitter E2E",
            coordinator=coordinator,
            required_checks=[CERT],
        )
        volunteer = UserFactory(
            email="vetting-e2e-volunteer@alpha.example", full_name="Lena Hofmann"
        )

    # when the volunteer offers to help
    _log_in(page, live_server, "vetting-e2e-volunteer@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/volunteer/services/{service.slug}/join/"))
    assert "upload a copy" in page.content()
    assert _violations(page) == []
    page.fill("textarea[name=motivation]", "Ich passe gern abends auf Kinder auf.")
    page.click("button[data-step=join]")
    # then "my volunteering" shows her waiting
    page.wait_for_url(re.compile(r"/volunteer/mine/helping/$"))
    assert page.get_attribute("[data-helper-status]", "data-helper-status") == "applied"
    assert _violations(page) == []

    # when the coordinator opens her page, records the certificate and vets her
    page.context.clear_cookies()
    _log_in(page, live_server, "vetting-e2e-coordinator@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/volunteer/services/{service.slug}/helpers/"))
    assert _violations(page) == []
    page.click(f"tr[data-helper='{volunteer.public_id}'] a")
    page.wait_for_url(re.compile(r"/helpers/[0-9a-f-]+/$"))
    assert _violations(page) == []
    today = timezone.localdate()
    page.select_option("select[name=kind]", CERT)
    assert page.get_attribute("input[name=seen_on]", "type") == "date"
    page.fill("input[name=seen_on]", today.isoformat())
    page.fill("input[name=valid_until]", (today + timedelta(days=5 * 365)).isoformat())
    page.click("button[data-step=check]")
    page.wait_for_url(re.compile(r"/helpers/[0-9a-f-]+/$"))
    assert page.get_attribute(f"tr[data-check='{CERT}']", "data-state") == "valid"
    page.click("button[data-step=vet]")
    page.wait_for_url(re.compile(r"/helpers/[0-9a-f-]+/$"))

    # then she is vetted, and the log shows both decisions
    assert page.get_attribute("[data-helper-status]", "data-helper-status") == "vetted"
    assert page.locator("tr[data-event=vetted]").count() == 1
    assert page.locator("tr[data-event=check_recorded]").count() == 1
    with tenant_context(towns["alpha"]):
        assert Helper.objects.get(service__slug=service.slug).status == HelperStatus.VETTED


def test_the_coordinator_sees_an_expired_check_on_the_helpers_page(live_server, page, towns):
    # given a vetted helper whose certificate ended last week
    with tenant_context(towns["alpha"]):
        coordinator = UserFactory(email="vetting-e2e-expired-coordinator@alpha.example")
        service = ServiceFactory(
            slug="vetting-e2e-expired",
            title="Babysitter abgelaufen",
            coordinator=coordinator,
            required_checks=[CERT],
        )
        helper = HelperFactory(
            service=service,
            user=UserFactory(
                email="vetting-e2e-expired-helper@alpha.example", full_name="Karin Schäfer"
            ),
            checks=False,
        )
        today = timezone.localdate()
        add_check(
            helper,
            CERT,
            seen_on=today - timedelta(days=1800),
            valid_until=today - timedelta(days=7),
        )
    # when the coordinator opens the helpers page
    _log_in(page, live_server, "vetting-e2e-expired-coordinator@alpha.example")
    page.goto(town_url(live_server, "alpha", f"/volunteer/services/{service.slug}/helpers/"))
    # then the helper's row is marked and names the expired certificate
    row = page.locator(f"tr[data-helper='{helper.user.public_id}']")
    assert row.get_attribute("data-attention") is not None
    assert row.locator(f"[data-check='{CERT}']").get_attribute("data-state") == "expired"
    assert "Karin Schäfer" in row.inner_text()
    assert _violations(page) == []
