"""An operator's first log-in in Chromium: password, then setting up the authenticator with
the key shown on the page, then the code step on the next log-in."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import TOTP

from portal.accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _code(secret: str, *, at: float) -> str:
    key = b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = at
    return f"{totp.token():06d}"


def _operator_url(live_server: Any, path: str) -> str:
    port = live_server.url.rsplit(":", 1)[1]
    return f"http://lq.test:{port}{path}"


def _log_in(page: Any, live_server: Any) -> None:
    page.goto(_operator_url(live_server, "/login/"))
    page.fill("input[name=username]", "olga@lq.example")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")


def test_operator_sets_up_two_step_login_and_uses_it(live_server, page, towns) -> None:
    # given an operator without an authenticator
    User.objects.create_user("olga@lq.example", PASSWORD, full_name="Olga", is_staff=True)

    # when she logs in with her password, she is led to the setup page showing a key
    _log_in(page, live_server)
    page.wait_for_url(re.compile(r"/accounts/two-factor/setup/"))
    secret = page.inner_text("[data-testid=otp-secret]").replace(" ", "")

    # and the code computed from that key turns it on and opens the operator site
    page.fill("input[name=code]", _code(secret, at=time.time()))
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"lq\.test:\d+/$"))
    assert "CSRF" not in page.content()
    assert page.locator("form[action$='/logout/']:visible").count() >= 1

    # when she logs out and in again, the password is followed by the code page
    with page.expect_navigation():
        page.click("form[action$='/logout/']:visible button")
    _log_in(page, live_server)
    page.wait_for_url(re.compile(r"/accounts/two-factor/code/"))
    page.fill("input[name=code]", _code(secret, at=time.time() + 30))
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"lq\.test:\d+/$"))
    assert page.locator("form[action$='/logout/']:visible").count() >= 1


def test_a_town_administrator_requires_it_for_administrators_and_sets_it_up(
    live_server, page, towns
) -> None:
    from django_tenants.utils import tenant_context

    from portal.accounts import two_factor
    from tests.e2e.conftest import town_url
    from tests.factories import UserFactory

    # given Ada, an administrator of Alpha, logged in with her password only
    with tenant_context(towns["alpha"]):
        ada = UserFactory(email="ada-2fa@alpha.example", town_admin=True)
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", "ada-2fa@alpha.example")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    try:
        # when she switches the town's rule on in the console's security settings
        page.goto(town_url(live_server, "alpha", "/manage/security/"))
        page.check("input[name=admins_need_two_factor]")
        with page.expect_navigation():
            page.click("form.stacked button[type=submit]")

        # then the console sends her to set up the second step first
        page.goto(town_url(live_server, "alpha", "/manage/"))
        page.wait_for_url(re.compile(r"/accounts/two-factor/setup/"))
        secret = page.inner_text("[data-testid=otp-secret]").replace(" ", "")
        page.fill("input[name=code]", _code(secret, at=time.time()))
        page.click("form.stacked button[type=submit]")
        page.wait_for_load_state()

        # and with it set up, the console opens
        page.goto(town_url(live_server, "alpha", "/manage/"))
        assert "/accounts/two-factor/" not in page.url
        assert "CSRF" not in page.content()
    finally:
        # (the rule outlives the test in the town's schema; the other tests expect it off)
        with tenant_context(towns["alpha"]):
            two_factor.set_admins_need_two_factor(required=False, changed_by=ada)
    with tenant_context(towns["alpha"]):
        assert two_factor.confirmed_device(ada) is not None
