"""An operator suspends, archives and restores a town in the browser, giving reasons, and
the confirmation page passes axe-core's WCAG 2.1 AA checks."""

from __future__ import annotations

import re
from typing import Any

import pytest

from portal.operators.models import TownAuditEntry
from tenants.models import Town
from tests.e2e.conftest import log_in_operator, town_url
from tests.e2e.test_accessibility import _violations

pytestmark = pytest.mark.django_db(transaction=True)


def operator_url(live_server: Any, path: str = "/") -> str:
    port = live_server.url.rsplit(":", 1)[1]
    return f"http://lq.test:{port}{path}"


def confirm(page: Any, reason: str) -> None:
    page.fill("textarea[name=reason]", reason)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")


def test_operator_confirms_lifecycle_changes_with_reasons(live_server, page, towns) -> None:
    # given an operator logged in on the operator site
    log_in_operator(page, live_server, "olga@lq.example")

    # when she clicks "suspend" for Beta, a confirmation page asks for a reason
    page.click("a[href='/towns/beta/suspend/']")
    page.wait_for_url(re.compile(r"/towns/beta/suspend/$"))
    assert _violations(page) == []
    with page.expect_navigation():  # no reason given
        page.click("form.stacked button[type=submit]")
    assert page.locator("#id_reason_error").is_visible()
    assert Town.objects.get(slug="beta").status == Town.Status.ACTIVE

    # and with a reason the town is suspended
    confirm(page, "Rechnung seit drei Monaten offen")
    page.wait_for_url(re.compile(r"lq\.test:\d+/$"))
    assert Town.objects.get(slug="beta").status == Town.Status.SUSPENDED
    assert page.goto(town_url(live_server, "beta")).status == 503

    # when she archives it, then restores it, each time confirming with a reason
    page.goto(operator_url(live_server))
    page.click("a[href='/towns/beta/archive/']")
    confirm(page, "Vertrag beendet")
    page.wait_for_url(re.compile(r"lq\.test:\d+/$"))
    assert page.goto(town_url(live_server, "beta")).status == 404
    page.goto(operator_url(live_server))
    page.click("a[href='/towns/beta/restore/']")
    page.wait_for_url(re.compile(r"/towns/beta/restore/$"))
    assert "Vertrag beendet" in page.inner_text("table")  # the history so far
    confirm(page, "Neuer Vertrag")
    page.wait_for_url(re.compile(r"lq\.test:\d+/$"))

    # then Beta is open again and every step is on record with its reason
    assert page.goto(town_url(live_server, "beta")).status == 200
    assert list(
        TownAuditEntry.objects.filter(town__slug="beta")
        .order_by("pk")
        .values_list("action", "reason", "operator_email")
    ) == [
        ("suspended", "Rechnung seit drei Monaten offen", "olga@lq.example"),
        ("archived", "Vertrag beendet", "olga@lq.example"),
        ("restored", "Neuer Vertrag", "olga@lq.example"),
    ]
