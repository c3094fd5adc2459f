"""Browser tests: Playwright driving the system's Chromium against pytest-django's live server.

Chromium comes from the distribution (`./lq test` installs Debian's package when it is
missing and it can). Without it these tests are skipped with a message saying so; they never
download a browser.

A click that loads another page is wrapped in `with page.expect_navigation():` when the next
step navigates, reloads or reads the page without waiting (`count()`, `is_visible()`,
`content()`): otherwise it races the click's navigation.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every *.lq.test host is this machine: the live server answers for all towns.
    "--host-resolver-rules=MAP *.lq.test 127.0.0.1, MAP lq.test 127.0.0.1",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("LQ_CHROMIUM") or shutil.which("chromium")
    if candidate:
        return candidate
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(path):
            return path
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "BROWSER TESTS NOT RUN: no chromium on this machine (install Debian's "
            "'chromium' package or set LQ_CHROMIUM)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django must allow ORM calls from tests anyway.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# Every page reports what the Content-Security-Policy blocked; init scripts are injected by
# the browser's debugging protocol, so the policy itself does not block this listener.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.lqReportCsp(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI}`);
});
"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE")
    violations: list[str] = []
    context.expose_function("lqReportCsp", lambda text: violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    page.set_default_timeout(15000)
    page.csp_violations = violations
    yield page
    context.close()
    # No browser test passes while the policy blocks something on its pages.
    assert not violations, violations


def town_url(live_server: Any, slug: str, path: str = "/") -> str:
    port = live_server.url.rsplit(":", 1)[1]
    return f"http://{slug}.lq.test:{port}{path}"


def log_in_operator(page: Any, live_server: Any, email: str) -> None:
    """Make an operator with an authenticator and log in on the operator host, password then
    code, as operators must (the code comes from the device's key, as the app computes it)."""
    import re

    from portal.accounts.models import User
    from tests.factories import PASSWORD
    from tests.factories.two_factor import give_totp_device, totp_code

    operator = User.objects.create_user(email, PASSWORD, full_name="Olga", is_staff=True)
    device = give_totp_device(operator)
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://lq.test:{port}/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/two-factor/code/"))
    page.fill("input[name=code]", totp_code(device))
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"http://lq.test:{port}/")
