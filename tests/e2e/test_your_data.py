"""A resident downloads their data and deletes their account, in the browser."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from django_tenants.utils import tenant_context

from tests.e2e.conftest import town_url
from tests.factories import PASSWORD, UserFactory
from tests.factories.exchange import ListingFactory


def _log_in(page, live_server, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


@pytest.mark.django_db(transaction=True)
def test_a_resident_downloads_their_data_and_deletes_their_account(
    live_server, page, towns
) -> None:
    from portal.accounts.models import User

    # given Paula with a listing
    with tenant_context(towns["alpha"]):
        paula = UserFactory(email="paula-leaves@alpha.example", full_name="Paula Privat")
        ListingFactory(owner=paula, title="Paulas Nähmaschine")
    _log_in(page, live_server, "paula-leaves@alpha.example")
    # when she asks for her data on "my data" and downloads the ZIP
    page.goto(town_url(live_server, "alpha", "/accounts/profile/"))
    with page.expect_navigation():
        page.click("a[href='/accounts/my-data/']")
    # (the reload waits for the form's POST and its redirect: reloading while that navigation
    # is under way failed with "Not attached to an active page")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.reload()
    link = page.locator("main a[href*='/download/']")
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    # then it holds her profile and her listing
    with zipfile.ZipFile(path) as archive:
        accounts = json.loads(archive.read("accounts.json"))
        exchange = json.loads(archive.read("exchange.json"))
    assert accounts["profile"]["email"] == "paula-leaves@alpha.example"
    assert exchange["listings"][0]["title"] == "Paulas Nähmaschine"
    # when she deletes her account, confirming with her password
    page.goto(town_url(live_server, "alpha", "/accounts/delete/"))
    page.fill("input[name=password]", PASSWORD)
    page.check("input[name=confirm]")
    page.click("main form.stacked button[type=submit]")
    # then she is on the home page, logged out, and the account names no one
    page.wait_for_url(town_url(live_server, "alpha", "/"))
    assert page.locator("a[href='/accounts/login/']").first.is_visible()
    with tenant_context(towns["alpha"]):
        gone = User.objects.get(pk=paula.pk)
        assert not gone.is_active and gone.email.endswith("@deleted.invalid")


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_keeps_the_account_and_says_why(live_server, page, towns) -> None:
    from portal.accounts.models import User

    with tenant_context(towns["alpha"]):
        paula = UserFactory(email="paula-keeps@alpha.example")
    _log_in(page, live_server, "paula-keeps@alpha.example")
    page.goto(town_url(live_server, "alpha", "/accounts/delete/"))
    page.fill("input[name=password]", "not-my-password")
    page.check("input[name=confirm]")
    with page.expect_navigation():
        page.click("main form.stacked button[type=submit]")
    assert page.locator("#id_password_error").is_visible()
    with tenant_context(towns["alpha"]):
        assert User.objects.get(pk=paula.pk).is_active
