"""What a newcomer does first: two differently branded towns, register, confirm, log in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from portal.branding.models import Branding
from tenants.models import Town
from tests.e2e.conftest import town_url

pytestmark = pytest.mark.django_db(transaction=True)


def _header_colour(page: Any) -> str:
    return str(page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor"))


def test_two_towns_look_different_and_a_newcomer_registers(live_server, page, towns) -> None:
    # given two towns with their own colours, speaking the product's default language
    Town.objects.filter(slug__in=["alpha", "beta"]).update(default_language="de")
    for slug, colour in (("alpha", "#7a1f2b"), ("beta", "#1b5e20")):
        with tenant_context(towns[slug]):
            Branding.objects.filter(singleton=True).update(primary_colour=colour)

    # when a visitor opens both portals
    page.goto(town_url(live_server, "alpha"))
    alpha_title, alpha_colour = page.title(), _header_colour(page)
    assert page.get_attribute("html", "lang") == "de"
    page.goto(town_url(live_server, "beta"))
    beta_title, beta_colour = page.title(), _header_colour(page)

    # then each shows its own name and colour
    assert "Alpha" in alpha_title and "Beta" in beta_title
    assert alpha_colour == "rgb(122, 31, 43)" and beta_colour == "rgb(27, 94, 32)"

    # when the visitor registers in Alpha with the keyboard-reachable form
    page.goto(town_url(live_server, "alpha", "/accounts/register/"))
    page.fill("input[name=full_name]", "Nora Neu")
    page.fill("input[name=email]", "nora@example.org")
    page.fill("input[name=password]", "ein-sicheres-passwort-42")
    page.fill("input[name=postcode]", "71263")
    page.click("form.stacked button[type=submit]")

    # then she is logged in and an e-mail with Alpha's branding arrived
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("form[action$='/accounts/logout/']:visible").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Alpha" in message.subject
    link = re.search(r"http://\S+/accounts/verify/\S+/", message.body)
    assert link is not None

    # when she opens the link from the e-mail, she is asked to confirm (a mail scanner that
    # opens links confirms nothing) and her address is confirmed when she presses the button
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(re.sub(r"^http://[^/]+", f"http://alpha.lq.test:{port}", link.group(0)))
    assert page.locator(".message-success").count() == 0
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    assert page.locator(".message-success").count() == 1

    # and after logging out she can log in again — in Alpha, but not in Beta
    with page.expect_navigation():
        page.click("form[action$='/accounts/logout/']:visible button")
    for slug, expect_logged_in in (("beta", False), ("alpha", True)):
        page.goto(town_url(live_server, slug, "/accounts/login/"))
        page.fill("input[name=username]", "nora@example.org")
        page.fill("input[name=password]", "ein-sicheres-passwort-42")
        with page.expect_navigation():
            page.click("form.stacked button[type=submit]")
        logged_in = page.locator("form[action$='/accounts/logout/']:visible").count() == 1
        assert logged_in is expect_logged_in, slug


def test_unknown_town_shows_a_plain_not_found_page(live_server, page, towns) -> None:
    response = page.goto(town_url(live_server, "nirgendwo"))
    assert response is not None and response.status == 404
    assert "Seite nicht gefunden" in page.content()


def test_skip_link_is_the_first_stop_for_keyboard_users(live_server, page, towns) -> None:
    page.goto(town_url(live_server, "alpha"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
