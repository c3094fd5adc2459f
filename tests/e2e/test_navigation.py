"""The header's navigation in the browser: keyboard order, the current-page marker, the phone's
folding menu with and without JavaScript, 44 px targets, stacked tables, 200 % zoom and print."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from portal import registry
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ZOOMED = {"width": 640, "height": 800}  # 1280 px at 200 % zoom
TABLE_PAGES = ["/manage/users/", "/manage/audit/", "/manage/invitations/", "/manage/approvals/"]
CONSOLE_PAGES = ["/manage/", "/manage/branding/", "/manage/modules/", "/manage/moderation/"]

pytestmark = pytest.mark.django_db(transaction=True)


def _context(browser: Any, viewport: dict[str, int], **options: Any) -> Any:
    return browser.new_context(locale="de-DE", viewport=viewport, **options)


def _admin(towns: Any) -> str:
    from portal.accounts.models import Role

    # Transactional tests do not empty the town schemas: every test makes its own people.
    email = f"chef-{uuid.uuid4().hex[:8]}@alpha.example"
    with tenant_context(towns["alpha"]):
        UserFactory(email=email, roles=[Role.RESIDENT, Role.TOWN_ADMIN])
        UserFactory(pending=True, full_name="Wartende Person mit einem sehr langen Namen")
    return email


def _log_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("main input[name=username]", email)
    page.fill("main input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def _focused(page: Any) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.getAttribute('href') || e.getAttribute('name') || e.tagName; }"
    )


def _too_small(page: Any, selector: str) -> list[str]:
    small = []
    for element in page.locator(selector).all():
        if not element.is_visible():
            continue
        box = element.bounding_box()
        if box and (box["width"] < 44 or box["height"] < 44):
            label = element.evaluate("e => e.outerHTML.slice(0, 90)")
            small.append(f"{box['width']:.0f}x{box['height']:.0f} {label}")
    return small


def _no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))


def test_keyboard_reaches_search_and_every_module_link_in_order(live_server, page, towns) -> None:
    # given: a wide screen, a visitor on the home page
    page.set_viewport_size(DESKTOP)
    page.goto(town_url(live_server, "alpha", "/"))
    expected = ["#main", "/", "q"]
    modules = [f"/{m.key}/" for m in registry.town_modules()]
    expected += ["/accounts/login/", "/accounts/register/", "/", *modules]
    # when: tabbing through the header
    reached = []
    for _ in range(len(expected) + 1):  # + the search button
        page.keyboard.press("Tab")
        reached.append(_focused(page))
    reached = [stop for stop in reached if stop != "BUTTON"]  # the search button
    # then: skip link, brand, search, account, then Home and every module, in that order
    assert reached[: len(expected)] == expected
    # and focus is visible on a navigation link
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{modules[-1]}")
    # and the search box sends its term with the keyboard alone
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _focused(page) == "q"
    page.keyboard.type("Fahrad")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Fahrad")


def test_the_current_page_is_marked_for_screen_readers_and_visibly(
    live_server, page, towns
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(town_url(live_server, "alpha", "/info/"))
    current = page.locator(".nav-wide [aria-current=page]")
    assert current.count() == 1
    assert current.get_attribute("href") == "/info/"
    marked = current.evaluate("e => getComputedStyle(e).boxShadow")
    plain = page.locator('.nav-wide a[href="/directory/"]').evaluate(
        "e => getComputedStyle(e).boxShadow"
    )
    assert marked != plain and marked != "none"


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_menu_folds_and_opens_without_script(
    live_server, browser, towns, javascript
) -> None:
    # given: a phone, with or without JavaScript
    context = _context(browser, PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(town_url(live_server, "alpha", "/"))
    menu = page.locator(".nav-phone summary")
    first_module = page.locator('.nav-phone a[data-module="directory"]')
    # then: the menu is folded, the wide bar is not shown
    assert menu.is_visible() and not first_module.is_visible()
    assert not page.locator(".nav-wide").is_visible()
    # when: it is opened
    menu.click()
    # then: every module, log-in and registration are there
    assert first_module.is_visible()
    for module in registry.town_modules():
        assert page.locator(f'.nav-phone a[data-module="{module.key}"]').is_visible()
    assert page.locator('.nav-phone a[href="/accounts/login/"]').is_visible()
    assert _no_horizontal_scroll(page)
    # and the menu folds again
    menu.click()
    assert not first_module.is_visible()
    context.close()


def test_the_search_box_fits_the_phone_menu(live_server, browser, towns) -> None:
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(town_url(live_server, "alpha", "/"))
    page.locator(".nav-phone summary").click()
    for part in ("#nav-search-phone", ".nav-phone .nav-search-button"):
        box = page.locator(part).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert _no_horizontal_scroll(page)
    context.close()


def test_the_phone_menu_opens_with_the_keyboard(live_server, browser, towns) -> None:
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(town_url(live_server, "alpha", "/"))
    page.locator(".nav-phone summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.locator(".nav-phone .site-nav a").first.is_visible()
    assert page.evaluate("() => !!document.activeElement.closest('.nav-phone')")
    context.close()


def test_targets_are_at_least_44_px_on_home_forms_and_the_console(
    live_server, browser, towns
) -> None:
    email = _admin(towns)
    targets = "nav a, button, summary, input[type=radio], input[type=checkbox], select"
    for viewport in (DESKTOP, PHONE):
        context = _context(browser, viewport)
        page = context.new_page()
        _log_in(page, live_server, email)
        problems = {}
        for path in ["/", "/exchange/", "/manage/modules/", "/manage/residency/", "/manage/users/"]:
            page.goto(town_url(live_server, "alpha", path))
            if viewport is PHONE:
                page.locator(".nav-phone summary").click()
            found = _too_small(page, targets)
            if found:
                problems[path] = found
        # the form pages really have radios and checkboxes to measure
        page.goto(town_url(live_server, "alpha", "/manage/modules/"))
        assert page.locator("input[type=checkbox]").count() >= 2
        page.goto(town_url(live_server, "alpha", "/manage/residency/"))
        assert page.locator("input[type=radio]").count() >= 2
        context.close()
        assert not problems, (viewport, problems)


@pytest.mark.parametrize("viewport", [PHONE, ZOOMED], ids=["phone", "zoom-200"])
def test_tables_stack_and_nothing_scrolls_sideways(live_server, browser, towns, viewport) -> None:
    # given: an administrator on the console's list pages
    email = _admin(towns)
    context = _context(browser, viewport)
    page = context.new_page()
    _log_in(page, live_server, email)
    for path in [*TABLE_PAGES, *CONSOLE_PAGES, "/exchange/time/"]:
        page.goto(town_url(live_server, "alpha", path))
        # then: the page body never scrolls sideways
        assert _no_horizontal_scroll(page), path
    # and the table rows are stacked blocks that show their column names
    page.goto(town_url(live_server, "alpha", "/manage/users/"))
    cell = page.locator("table.stack td[data-label]").first
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert cell.get_attribute("data-label") in label
    heading_row = page.locator("table.stack thead").bounding_box()
    assert heading_row is not None and heading_row["height"] <= 1  # kept for screen readers
    context.close()


def test_changed_pages_pass_wcag_checks_on_a_phone(live_server, browser, towns) -> None:
    email = _admin(towns)
    context = _context(browser, PHONE)
    page = context.new_page()
    problems = {}
    for path in ["/", "/info/"]:
        page.goto(town_url(live_server, "alpha", path))
        page.locator(".nav-phone summary").click()
        found = _violations(page)
        if found:
            problems[path] = found
    _log_in(page, live_server, email)
    for path in ["/manage/users/", "/manage/audit/", "/exchange/time/", "/manage/residency/"]:
        page.goto(town_url(live_server, "alpha", path))
        page.locator(".nav-phone summary").click()
        found = _violations(page)
        if found:
            problems[path] = found
    context.close()
    assert not problems, problems


def test_print_hides_the_navigation_and_writes_addresses_after_links(
    live_server, page, towns
) -> None:
    # given
    page.set_viewport_size(DESKTOP)
    page.goto(town_url(live_server, "alpha", "/"))
    assert page.locator(".nav-wide").is_visible()
    # when
    page.emulate_media(media="print")
    # then: no navigation, no skip link, black on white, the address after a link
    assert not page.locator(".nav-wide").is_visible()
    assert not page.locator(".nav-phone").is_visible()
    assert not page.locator(".language-form").is_visible()
    header = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    colour = page.locator("main h1").evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(0, 0, 0)"
    after = page.locator("main a.tile").first.evaluate(
        "e => getComputedStyle(e, '::after').content"
    )
    assert "/directory/" in after or "/info/" in after or "/exchange/" in after
    assert page.locator(".print-only").is_visible()


def test_the_operator_sites_tables_fit_a_phone_with_large_targets(
    live_server, browser, towns
) -> None:
    from tests.e2e.conftest import log_in_operator

    # given: an operator on a phone
    context = _context(browser, PHONE)
    page = context.new_page()
    log_in_operator(page, live_server, f"olga-{uuid.uuid4().hex[:8]}@lq.example")
    port = live_server.url.rsplit(":", 1)[1]
    for path in ["/", "/outbox/"]:
        # when
        page.goto(f"http://lq.test:{port}{path}")
        # then: no sideways scrolling, every navigation link and button is a large target
        assert _no_horizontal_scroll(page), path
        assert not _too_small(page, "nav a, button"), (path, _too_small(page, "nav a, button"))
    page.goto(f"http://lq.test:{port}/")
    cells = page.locator("table.stack td[data-label]")
    assert cells.count() >= 2  # the towns' rows, stacked
    assert cells.first.evaluate("e => getComputedStyle(e).display") == "block"
    context.close()


def test_a_residents_own_lists_fit_a_phone(live_server, browser, towns) -> None:
    from tests.factories.exchange import ListingFactory

    email = f"anna-{uuid.uuid4().hex[:8]}@alpha.example"
    with tenant_context(towns["alpha"]):
        owner = UserFactory(email=email)
        ListingFactory(
            owner=owner, title="Bohrmaschine mit ausgesprochen langem Namen zu verleihen"
        )
    context = _context(browser, PHONE)
    page = context.new_page()
    _log_in(page, live_server, email)
    for path in ["/exchange/mine/", "/exchange/time/", "/info/"]:
        page.goto(town_url(live_server, "alpha", path))
        assert _no_horizontal_scroll(page), path
    context.close()
