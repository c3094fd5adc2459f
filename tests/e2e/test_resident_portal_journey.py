"""Issue 7's "done when" as one journey in a real Chromium, in a town filled like a demo town:
a newcomer on a phone finds every module from the menu, sees what waits for them in "Mein
Bereich", gets a daily digest and unsubscribes from it with one click, finds "Fahrad" and
"Mittagessen" through the one search box; the administrator sees the dashboard's charts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.exchange.models import Listing
from modules.exchange.services.listings import create_listing
from modules.exchange.services.messaging import send_message
from portal import registry
from portal.accounts.models import User
from portal.background import run_platform_task_in_towns
from portal.notifications.selectors import email_choice
from portal.operators.management.commands.demo import (
    DEMO_PASSWORD,
    DEMO_TOWNS,
    fill_demo_town,
)
from portal.operators.services import provision_town
from tenants.models import Domain, Town
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DEMO = DEMO_TOWNS[0]  # Weil der Stadt: its own organisations, events, menus and listings
NEWCOMER = "neu@weil-der-stadt.example"
KIND = "exchange_messages"


@pytest.fixture
def demo_town(towns: dict[str, Town]) -> Iterator[Town]:
    """A town provisioned and filled exactly as `manage.py demo` fills Weil der Stadt (the
    modules' registry demo loaders included); dropped after, as a browser test commits."""
    town = provision_town(
        slug=DEMO.slug,
        name=DEMO.name,
        admin_email=f"admin@{DEMO.domain}",
        admin_name=DEMO.people[0][0],
        postcodes=DEMO.postcodes,
        districts=DEMO.districts,
    )
    try:
        fill_demo_town(DEMO, town)
        yield town
    finally:
        Domain.objects.filter(tenant=town).delete()
        town.delete(force_drop=True)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{town.schema_name}" CASCADE')


def _url(live_server: Any, path: str) -> str:
    return town_url(live_server, DEMO.slug, path)


def _log_in(page: Any, live_server: Any, email: str, password: str) -> None:
    page.goto(_url(live_server, "/accounts/login/"))
    page.fill("main input[name=username]", email)
    page.fill("main input[name=password]", password)
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def _open_menu(page: Any) -> None:
    page.locator(".nav-phone summary").click()
    assert page.locator(".nav-phone .site-nav").is_visible()


def _digest_beat() -> None:
    """What beat does at seven: the platform task fanned out to every town, run eagerly."""
    run_platform_task_in_towns.apply(args=["notifications.plan_daily_digests"]).get()


def _digests_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if m.to == [address] and "List-Unsubscribe" in m.extra_headers]


def _message_from_a_neighbour(listing: Listing, body: str) -> None:
    neighbour = User.objects.get(email=f"erika@{DEMO.domain}")
    send_message(sender=neighbour, listing=listing, body=body)


def _search_from_the_menu(page: Any, words: str, group: str) -> Any:
    _open_menu(page)
    page.fill("#nav-search-phone", words)
    page.click(".nav-phone .nav-search-button")
    page.wait_for_url(re.compile(r"/search/\?q="))
    hits = page.locator(f"section.search-group[aria-labelledby='group-{group}'] .search-hit")
    assert hits.count() >= 1, page.locator("main").inner_text()
    return hits


def test_a_newcomer_finds_their_way_and_the_administrator_sees_the_figures(
    live_server, page, demo_town
) -> None:
    # given the demo town and a newcomer with a listing of her own
    with tenant_context(demo_town):
        newcomer = UserFactory(email=NEWCOMER, full_name="Nora Neu", language="de")
        listing = create_listing(
            owner=newcomer,
            kind=Listing.Kind.GIVE,
            listing_type=Listing.Type.ITEM,
            title="Nähmaschine zu verschenken",
        )
        assert Listing.objects.filter(title__icontains="fahrrad").exists()  # the demo's own
    page.set_viewport_size(PHONE)

    # when she logs in on her phone, her start page is her area
    _log_in(page, live_server, NEWCOMER, PASSWORD)
    assert page.url.endswith("/me/")

    # and she visits every module of the town from the folding menu
    modules = [m for m in registry.town_modules() if m.urls and demo_town.module_enabled(m.key)]
    assert len(modules) >= 3
    for module in modules:
        _open_menu(page)
        page.click(f'.nav-phone a[data-module="{module.key}"]')
        page.wait_for_url(re.compile(rf"/{module.key}/$"))
        # then each page loads with its heading and the menu marks where she is
        assert page.locator("main h1").first.is_visible(), module.key
        current = page.locator(f'.nav-phone a[data-module="{module.key}"][aria-current=page]')
        assert current.count() == 1, module.key

    # when she chooses a daily summary for messages about listings, on the settings page
    page.goto(_url(live_server, "/notifications/settings/"))
    page.check(f"input[name={KIND}][value=daily]")
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/notifications/settings/"))
    assert page.is_checked(f"input[name={KIND}][value=daily]")
    with tenant_context(demo_town):
        assert email_choice(newcomer, KIND) == "daily"
        # and a neighbour writes to her about her listing
        _message_from_a_neighbour(listing, "Guten Tag, ist die Nähmaschine noch zu haben?")
    assert _digests_to(NEWCOMER) == []  # it waits for the summary, no e-mail at once

    # then "Mein Bereich" says a message waits for her, and its link leads to it
    _open_menu(page)
    page.click(".nav-phone a[href='/me/']")
    page.wait_for_url(re.compile(r"/me/$"))
    assert page.locator(".nav-phone a[href='/me/'][aria-current=page]").count() == 1
    waiting = page.locator("#area-waiting + ul a.area-item-waiting", has_text="1 ")
    assert waiting.count() >= 1, page.locator("main").inner_text()
    page.locator("a.area-item-waiting[href$='/exchange/messages/']").click()
    page.wait_for_url(re.compile(r"/exchange/messages/$"))
    assert "Nähmaschine zu verschenken" in page.locator("main").inner_text()

    # when beat plans today's daily digests
    _digest_beat()
    # then her summary is in the outbox, with the one-click unsubscribe headers
    [digest] = _digests_to(NEWCOMER)
    assert digest.subject == "Weil der Stadt: Ihre tägliche Zusammenfassung (1 Benachrichtigung)"
    assert "Nähmaschine" in digest.body
    headers = digest.message()
    found = re.fullmatch(
        r"<(https?://[^>]+/notifications/unsubscribe/[^>]+/)>", headers["List-Unsubscribe"]
    )
    assert found is not None, headers["List-Unsubscribe"]
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # when her mail program unsubscribes with one POST (RFC 8058: no cookie, no page)
    path = re.sub(r"^https?://[^/]+", "", found.group(1))
    port = live_server.url.rsplit(":", 1)[1]
    response = page.request.post(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": f"{DEMO.slug}.lq.test:{port}"},
        form={"List-Unsubscribe": "One-Click"},
    )
    assert response.status == 200, response.text()
    # then the choice is off, and the next day's beat sends no second summary
    with tenant_context(demo_town):
        assert email_choice(newcomer, KIND) == "off"
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=True):
        with tenant_context(demo_town):
            _message_from_a_neighbour(listing, "Ich könnte sie morgen abholen.")
        _digest_beat()
    assert len(_digests_to(NEWCOMER)) == 1
    assert not [m for m in mail.outbox if m.to == [NEWCOMER] and "morgen" in m.body]

    # when she searches with a typo from the menu's one search box
    hits = _search_from_the_menu(page, "Fahrad", "exchange_listings")
    # then the demo's bicycle listings are found, grouped by kind
    assert "fahrrad" in hits.first.inner_text().lower()
    assert page.locator("#search-summary").is_visible()
    # and a lunch menu for "Mittagessen"
    _search_from_the_menu(page, "Mittagessen", "info_menus")

    # when she logs out and the town's administrator logs in
    _open_menu(page)
    with page.expect_navigation():
        page.click(".nav-phone form[action$='/accounts/logout/'] button")
    _log_in(page, live_server, f"admin@{DEMO.domain}", DEMO_PASSWORD)
    # then the console's overview shows charts, each with its table, on the phone too
    response = page.goto(_url(live_server, "/manage/"))
    assert response is not None and response.status == 200
    charts = page.locator("main svg[role=img]")
    assert charts.count() >= 5
    assert page.locator("main .dashboard-table table").count() >= 1
    for summary in page.locator(".dashboard-table summary").all():
        summary.click()
    assert page.locator("main .dashboard-table table tbody tr").first.is_visible()
    assert _violations(page) == []
