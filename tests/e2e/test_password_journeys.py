"""Choosing a password in a real Chromium: the welcome link of a town's first administrator,
"forgot password" and "change password" from the profile.

Chromium posts a form with `Origin: null` when its page forbids the referrer, which Django's
CSRF check refuses; only a real browser shows that, so these journeys run in one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django_tenants.utils import tenant_context

from portal.accounts.models import User
from portal.operators.services import provision_town
from tenants.models import Domain
from tests.e2e.conftest import town_url
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Apfelbaum-hinterm-Haus-31"


def _link_on_test_host(live_server: Any, slug: str) -> str:
    """The one link of the last e-mail, pointed at the live server's port."""
    found = re.search(r"https?://\S+/accounts/\S+/", str(mail.outbox[-1].body))
    assert found is not None, mail.outbox[-1].body
    path = re.sub(r"^https?://[^/]+", "", found.group(0))
    return town_url(live_server, slug, path)


def _choose_password(page: Any, live_server: Any, slug: str) -> None:
    page.goto(_link_on_test_host(live_server, slug))
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert "CSRF" not in page.content()


def _log_in(page: Any, live_server: Any, slug: str, email: str, password: str) -> None:
    page.goto(town_url(live_server, slug, "/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")


def _logged_in(page: Any) -> bool:
    return bool(page.locator("form[action$='/accounts/logout/']:visible").count() == 1)


def test_new_towns_first_administrator_sets_a_password_from_the_welcome_link(
    live_server, page, towns
) -> None:
    # given a town just onboarded, whose first administrator got the welcome e-mail
    town = provision_town(slug="epsilon", name="Epsilon", admin_email="chefin@epsilon.example")
    try:
        assert mail.outbox[-1].to == ["chefin@epsilon.example"]

        # when she opens the link and chooses a password in the browser
        _choose_password(page, live_server, "epsilon")

        # then she can log in with it and reach her town's console
        _log_in(page, live_server, "epsilon", "chefin@epsilon.example", NEW_PASSWORD)
        assert _logged_in(page)
        page.goto(town_url(live_server, "epsilon", "/manage/"))
        assert page.url.endswith("/manage/")
    finally:
        Domain.objects.filter(tenant=town).delete()
        town.delete(force_drop=True)
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA IF EXISTS town_epsilon CASCADE")


def test_forgotten_password_is_reset_through_the_emailed_link(live_server, page, towns) -> None:
    # given a resident who forgot her password
    with tenant_context(towns["alpha"]):
        UserFactory(email="vergesslich@example.org")

    # when she follows "Forgot your password?" from the login page
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.click("a[href$='/accounts/password/reset/']")
    page.fill("input[name=email]", "vergesslich@example.org")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/password/reset/sent/"))
    assert "vergesslich@example.org" in mail.outbox[-1].to

    # and chooses a new password through the e-mailed link
    _choose_password(page, live_server, "alpha")

    # then the new password logs in and the old one does not
    _log_in(page, live_server, "alpha", "vergesslich@example.org", PASSWORD)
    assert not _logged_in(page)
    _log_in(page, live_server, "alpha", "vergesslich@example.org", NEW_PASSWORD)
    assert _logged_in(page)


def test_logged_in_resident_changes_the_password_from_the_profile(live_server, page, towns) -> None:
    # given a logged-in resident on her profile page
    with tenant_context(towns["alpha"]):
        UserFactory(email="wechsel@example.org")
    _log_in(page, live_server, "alpha", "wechsel@example.org", PASSWORD)
    page.goto(town_url(live_server, "alpha", "/accounts/profile/"))

    # when she chooses "Change my password" and follows the e-mailed link
    page.click("a[href$='/accounts/password/reset/']")
    page.fill("input[name=email]", "wechsel@example.org")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/password/reset/sent/"))
    _choose_password(page, live_server, "alpha")

    # then the new password is hers
    with tenant_context(towns["alpha"]):
        assert User.objects.get(email="wechsel@example.org").check_password(NEW_PASSWORD)
